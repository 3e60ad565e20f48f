{{- define "gaie.epp" -}}{{ .Release.Name | trunc 40 }}-epp{{- end -}}
{{- define "gaie.labels" -}}
app.kubernetes.io/name: {{ include "gaie.epp" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

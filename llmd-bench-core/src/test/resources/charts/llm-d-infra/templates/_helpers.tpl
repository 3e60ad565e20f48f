{{- define "gateway.fullname" -}}{{ .Release.Name }}-inference-gateway{{- end -}}
{{- define "gateway.provider" -}}
  {{- $provider := .Values.gateway.provider | default "" -}}
  {{- $className := .Values.gateway.gatewayClassName | default "" -}}
  {{- if $provider -}}{{ $provider }}
  {{- else if or (eq $className "") (eq $className "istio") -}}istio
  {{- else if or (eq $className "kgateway") (eq $className "agentgateway") -}}agentgateway
  {{- else if eq $className "gke-l7-regional-external-managed" -}}gke-l7-regional-external-managed
  {{- else -}}{{ fail (printf "gateway.provider must be set when using custom gateway.gatewayClassName %q" $className) }}
  {{- end -}}
{{- end -}}
{{- define "gateway.className" -}}
  {{- $className := .Values.gateway.gatewayClassName | default "" -}}
  {{- if eq $className "kgateway" -}}agentgateway
  {{- else if $className -}}{{ $className }}
  {{- else -}}
    {{- $provider := include "gateway.provider" . -}}
    {{- if or (eq $provider "kgateway") (eq $provider "agentgateway") -}}agentgateway{{- else -}}{{ $provider }}{{- end -}}
  {{- end -}}
{{- end -}}
{{- define "gateway.agentgateway" -}}
{{- $p := include "gateway.provider" . -}}{{ or (eq $p "kgateway") (eq $p "agentgateway") }}
{{- end -}}
{{- define "gateway.labels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/gateway: {{ include "gateway.fullname" . }}
{{- end -}}

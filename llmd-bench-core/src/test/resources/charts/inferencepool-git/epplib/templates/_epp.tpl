{{- define "epplib.name" -}}{{ .Release.Name | trunc 40 }}-epp{{- end -}}
{{- define "epplib.objects" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "epplib.name" . }}
data:
  default-plugins.yaml: |
    apiVersion: inference.networking.x-k8s.io/v1alpha1
    kind: EndpointPickerConfig
    plugins:
    - type: queue-scorer
    schedulingProfiles:
    - name: default
      plugins:
      - pluginRef: queue-scorer
  {{- with .Values.inferenceExtension.pluginsCustomConfig }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "epplib.name" . }}
spec:
  replicas: 1
  selector:
    matchLabels:
      inferencepool: {{ include "epplib.name" . }}
  template:
    metadata:
      labels:
        inferencepool: {{ include "epplib.name" . }}
    spec:
      containers:
        - name: epp
          image: registry.k8s.io/gateway-api-inference-extension/epp:v1.5.0
          args: ["--config-file", "/config/{{ .Values.inferenceExtension.pluginsConfigFile }}"]
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "epplib.name" . }}
spec:
  selector:
    inferencepool: {{ include "epplib.name" . }}
  ports:
    - name: grpc-ext-proc
      port: {{ .Values.inferenceExtension.extProcPort }}
{{- end -}}

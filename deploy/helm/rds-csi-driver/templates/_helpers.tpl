{{/* The chart name, shortened to the 63 characters a Kubernetes label allows. */}}
{{- define "rds-csi-driver.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The prefix of every resource name: fullnameOverride, else the release name, with the chart name appended unless
the release name already contains it.
*/}}
{{- define "rds-csi-driver.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* name-version, for the helm.sh/chart label. */}}
{{- define "rds-csi-driver.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every resource. */}}
{{- define "rds-csi-driver.labels" -}}
helm.sh/chart: {{ include "rds-csi-driver.chart" . }}
{{ include "rds-csi-driver.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: rds-csi
{{- end -}}

{{/* Labels that select this release's pods; a component label tells the controller from the node plugin. */}}
{{- define "rds-csi-driver.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rds-csi-driver.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The controller's ServiceAccount. */}}
{{- define "rds-csi-driver.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (printf "%s-controller" (include "rds-csi-driver.fullname" .)) .Values.serviceAccount.controllerName -}}
{{- else -}}
{{- required "serviceAccount.controllerName: name the controller's ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.controllerName -}}
{{- end -}}
{{- end -}}

{{/* The node plugin's ServiceAccount. */}}
{{- define "rds-csi-driver.nodeServiceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (printf "%s-node" (include "rds-csi-driver.fullname" .)) .Values.serviceAccount.nodeName -}}
{{- else -}}
{{- required "serviceAccount.nodeName: name the node plugin's ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.nodeName -}}
{{- end -}}
{{- end -}}

{{/*
An image reference from {repository, tag, digest}: repository:tag@digest when a digest is set (a release pins the
driver's and every sidecar's digest, so the chart deploys exactly the images resolved and signed; the tag stays for
readers, the digest decides what is pulled), repository@digest when there is no tag either, else repository:tag, the
tag defaulting to defaultTag. Call it as
  include "rds-csi-driver.image" (dict "image" .Values.image "defaultTag" .Chart.AppVersion)
*/}}
{{- define "rds-csi-driver.image" -}}
{{- $image := .image -}}
{{- $tag := default .defaultTag $image.tag -}}
{{- if $image.digest -}}
{{- if not (regexMatch "^sha256:[0-9a-f]{64}$" $image.digest) -}}
{{- fail (printf "image digest %q of %s is not sha256:<64 lowercase hex>; copy the digest from the release notes" $image.digest $image.repository) -}}
{{- end -}}
{{- if $tag -}}
{{- printf "%s:%s@%s" $image.repository $tag $image.digest -}}
{{- else -}}
{{- printf "%s@%s" $image.repository $image.digest -}}
{{- end -}}
{{- else -}}
{{- if not $tag -}}
{{- fail (printf "image %s has neither a tag nor a digest; set one of them" $image.repository) -}}
{{- end -}}
{{- printf "%s:%s" $image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The driver image, through the image helper. */}}
{{- define "rds-csi-driver.driverImage" -}}
{{- include "rds-csi-driver.image" (dict "image" .Values.image "defaultTag" .Chart.AppVersion) -}}
{{- end -}}

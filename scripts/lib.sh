# Shared shell helpers for the project's scripts: load .env, apply defaults, log.
# Sourced, never run.

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${ALEPH_DATA_DIR:-$PROJECT_ROOT/.data}"

log() { printf '\033[1;34m[alephdraad]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[alephdraad] %s\033[0m\n' "$*" >&2; exit 1; }

# .env is optional; variables already in the environment win over it.
load_env() {
  if [ -f "$PROJECT_ROOT/.env" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in ''|'#'*) continue ;; esac
      key="${line%%=*}"; value="${line#*=}"
      value="${value%\"}"; value="${value#\"}"
      if [ -z "${!key+x}" ]; then export "$key=$value"; fi
    done < "$PROJECT_ROOT/.env"
  fi
  # The same defaults as server/platform/env.ts.
  export DATABASE_URL="${DATABASE_URL:-postgresql://alephdraad:alephdraad@127.0.0.1:5432/alephdraad}"
  export MONGODB_URL="${MONGODB_URL:-mongodb://127.0.0.1:27017/alephdraad}"
  export REDIS_URL="${REDIS_URL-redis://127.0.0.1:6379/0}"
}

# url_part URL field -> hostname | port | pathname | username | password of a URL.
url_part() {
  node -e 'const u=new URL(process.argv[1]); const v=u[process.argv[2]]; process.stdout.write(decodeURIComponent(process.argv[2]==="pathname"?v.slice(1):v))' "$1" "$2"
}

is_local_url() {
  case "$(url_part "$1" hostname)" in 127.0.0.1|localhost|::1|'[::1]') return 0 ;; *) return 1 ;; esac
}

# port_open HOST PORT: true when something accepts TCP connections there.
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_port() {
  local host=$1 port=$2 what=$3 tries=${4:-100}
  for _ in $(seq "$tries"); do port_open "$host" "$port" && return 0; sleep 0.2; done
  die "$what did not start listening on $host:$port (see $DATA_DIR/logs)"
}

apt_install() {
  command -v apt-get >/dev/null || die "apt-get is missing: install $* by hand"
  log "installing $* (apt-get)"
  if [ ! -f "$DATA_DIR/.apt-updated" ]; then
    apt-get update -qq >/dev/null || die "apt-get update failed"
    mkdir -p "$DATA_DIR" && touch "$DATA_DIR/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

# The first steps of every entry script: dependencies, Prisma client, local services.
prepare_project() {
  cd "$PROJECT_ROOT"
  load_env
  bash "$PROJECT_ROOT/scripts/install.sh"
  bash "$PROJECT_ROOT/scripts/services.sh" start
}

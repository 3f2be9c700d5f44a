#!/usr/bin/env bash
# Finds or provides the services the tests use: PostgreSQL and Redis.
#   1. YIXIAN_TEST_DATABASE_URL / YIXIAN_TEST_REDIS_URL when set (they must answer);
#   2. else PostgreSQL and Redis on their standard local ports when they answer
#      (127.0.0.1:5432, trust auth, database `test`; 127.0.0.1:6379);
#   3. else, as root on Debian, installs postgresql / redis-server from Debian's packages (once)
#      and starts throwaway instances on ports of their own, with data under $YIXIAN_SERVICES_DIR
#      (default /tmp/yixian-services). Running services are never stopped or changed.
# Prints `export …` lines for the caller to eval; everything else goes to stderr:
#   eval "$(bash scripts/ensure-services.sh)"
# YIXIAN_SERVICES_THROWAWAY=1 skips step 2 (tests step 3 on a machine whose services run).
set -euo pipefail

say() { echo "services: $*" >&2; }

SERVICES_DIR="${YIXIAN_SERVICES_DIR:-/tmp/yixian-services}"
PG_PORT="${YIXIAN_SERVICES_PG_PORT:-55432}"
REDIS_PORT="${YIXIAN_SERVICES_REDIS_PORT:-56379}"

# PostgreSQL answers a query at this URL (psql when there, else node-postgres from node_modules).
pg_answers() {
	local url="$1"
	if command -v psql >/dev/null 2>&1; then
		PGCONNECT_TIMEOUT=3 psql "$url" -tAc 'SELECT 1' >/dev/null 2>&1
	else
		node -e "const pg=require('pg');const c=new pg.Client({connectionString:process.argv[1],connectionTimeoutMillis:3000});c.connect().then(()=>c.query('SELECT 1')).then(()=>process.exit(0),()=>process.exit(1))" "$url" >/dev/null 2>&1
	fi
}

# Redis answers PING at host:port (plain RESP over bash's /dev/tcp: no client needed).
redis_answers() {
	local host="$1" port="$2" reply=""
	# (Braces: a redirection on `exec` itself would silence this shell's stderr for good.)
	{ exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null || return 1
	printf 'PING\r\n' >&3
	read -r -t 3 reply <&3 || true
	exec 3<&- 3>&-
	[[ "$reply" == +PONG* ]]
}

redis_host_port() {
	# redis://[user:pass@]host[:port][/db] → "host port"
	local rest="${1#redis://}"
	rest="${rest#*@}"
	rest="${rest%%/*}"
	local host="${rest%%:*}" port="6379"
	[[ "$rest" == *:* ]] && port="${rest##*:}"
	echo "$host $port"
}

can_install() {
	[[ "$(id -u)" == 0 && -f /etc/debian_version ]]
}

apt_install() {
	can_install || { say "cannot install $* (needs root on Debian)"; return 1; }
	say "installing $* from Debian's packages"
	if [[ ! -d /var/lib/apt/lists || -z "$(ls -A /var/lib/apt/lists 2>/dev/null)" ]]; then
		DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 || {
		DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
	}
}

pg_bin() {
	local dir
	dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
	[[ -n "$dir" ]] && echo "$dir"
}

start_throwaway_postgres() {
	local bin url="postgres://postgres@127.0.0.1:$PG_PORT/test"
	if pg_answers "$url"; then echo "$url"; return; fi
	bin="$(pg_bin)" || true
	if [[ -z "$bin" ]]; then apt_install postgresql >&2 || return 1; bin="$(pg_bin)"; fi
	local data="$SERVICES_DIR/postgres"
	mkdir -p "$SERVICES_DIR"
	# initdb and the server refuse to run as root: Debian's package made the `postgres` user.
	local as=()
	if [[ "$(id -u)" == 0 ]]; then
		id postgres >/dev/null 2>&1 || useradd --system --home-dir "$SERVICES_DIR" postgres
		chown postgres "$SERVICES_DIR"
		as=(runuser -u postgres --)
	fi
	if [[ ! -f "$data/PG_VERSION" ]]; then
		say "creating a throwaway PostgreSQL cluster in $data"
		"${as[@]}" "$bin/initdb" -D "$data" -U postgres -A trust --no-sync >/dev/null
	fi
	say "starting a throwaway PostgreSQL on 127.0.0.1:$PG_PORT"
	"${as[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -o "-p $PG_PORT -k $SERVICES_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
	"${as[@]}" "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1 ||
		"${as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres test
	pg_answers "$url" || { say "the throwaway PostgreSQL does not answer (see $data/server.log)"; return 1; }
	echo "$url"
}

start_throwaway_redis() {
	local url="redis://127.0.0.1:$REDIS_PORT"
	if redis_answers 127.0.0.1 "$REDIS_PORT"; then echo "$url"; return; fi
	command -v redis-server >/dev/null 2>&1 || apt_install redis-server >&2 || return 1
	mkdir -p "$SERVICES_DIR/redis"
	say "starting a throwaway Redis on 127.0.0.1:$REDIS_PORT"
	redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
		--dir "$SERVICES_DIR/redis" --pidfile "$SERVICES_DIR/redis/redis.pid" --logfile "$SERVICES_DIR/redis/redis.log" >&2
	for _ in $(seq 1 50); do redis_answers 127.0.0.1 "$REDIS_PORT" && { echo "$url"; return; }; sleep 0.1; done
	say "the throwaway Redis does not answer (see $SERVICES_DIR/redis/redis.log)"
	return 1
}

# ——— PostgreSQL
pg_url=""
if [[ -n "${YIXIAN_TEST_DATABASE_URL:-}" ]]; then
	pg_answers "$YIXIAN_TEST_DATABASE_URL" || { say "YIXIAN_TEST_DATABASE_URL is set but does not answer"; exit 1; }
	pg_url="$YIXIAN_TEST_DATABASE_URL"
	say "PostgreSQL: YIXIAN_TEST_DATABASE_URL"
else
	if [[ "${YIXIAN_SERVICES_THROWAWAY:-}" != 1 ]]; then
		for candidate in "postgres://postgres@127.0.0.1:5432/test" "postgres://root@127.0.0.1:5432/test"; do
			if pg_answers "$candidate"; then pg_url="$candidate"; say "PostgreSQL: the local one on 5432"; break; fi
		done
	fi
	if [[ -z "$pg_url" ]]; then
		pg_url="$(start_throwaway_postgres)" || { say "no PostgreSQL: the PostgreSQL tests will say so"; pg_url=""; }
	fi
fi

# ——— Redis
redis_url=""
if [[ -n "${YIXIAN_TEST_REDIS_URL:-}" ]]; then
	read -r host port < <(redis_host_port "$YIXIAN_TEST_REDIS_URL")
	redis_answers "$host" "$port" || { say "YIXIAN_TEST_REDIS_URL is set but does not answer"; exit 1; }
	redis_url="$YIXIAN_TEST_REDIS_URL"
	say "Redis: YIXIAN_TEST_REDIS_URL"
else
	if [[ "${YIXIAN_SERVICES_THROWAWAY:-}" != 1 ]] && redis_answers 127.0.0.1 6379; then
		redis_url="redis://127.0.0.1:6379"
		say "Redis: the local one on 6379"
	else
		redis_url="$(start_throwaway_redis)" || { say "no Redis: the Redis tests will say so"; redis_url=""; }
	fi
fi

[[ -n "$pg_url" ]] && echo "export YIXIAN_TEST_DATABASE_URL='$pg_url'"
[[ -n "$redis_url" ]] && echo "export YIXIAN_TEST_REDIS_URL='$redis_url'"
exit 0

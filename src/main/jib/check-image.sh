#!/usr/bin/env bash
# Reads the image tarball's configuration back and checks it (non-root user, /data volume, the AMC_* settings),
# then unpacks its layers and runs its entrypoint as that user, in a chroot with /proc mounted as a container
# runtime would, until /health answers: the image works on its own runtime and libraries, not this machine's.
set -euo pipefail
tarball="${1:?the image tarball}"
work="$(mktemp -d)"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  umount "$work/root/proc" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
tar -xf "$tarball" -C "$work"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
manifest = json.load(open(f"{work}/manifest.json"))[0]
config = json.load(open(f"{work}/{manifest['Config']}"))["config"]
env = dict(e.split("=", 1) for e in config["Env"])
problems = []
if config.get("User") != "10001:10001": problems.append(f"user is {config.get('User')!r}, not 10001:10001")
if "/data" not in config.get("Volumes", {}): problems.append("no /data volume")
if "8080/tcp" not in config.get("ExposedPorts", {}): problems.append("port 8080 not exposed")
for name, value in {"AMC_DATA": "/data", "AMC_PORT": "8080", "AMC_HOST": "0.0.0.0",
                    "AMC_CHALLENGES": "/srv/amchallenge/challenges", "AMC_REFERENCE": "/srv/amchallenge/reference-data"}.items():
    if env.get(name) != value: problems.append(f"{name} is {env.get(name)!r}, not {value!r}")
if problems: sys.exit("image configuration: " + "; ".join(problems))
print("image configuration: user", config["User"], "volumes", list(config["Volumes"]), "ports", list(config["ExposedPorts"]))
print("  entrypoint", " ".join(config["Entrypoint"] + config.get("Cmd", [])))
print("  env", " ".join(f"{k}={v}" for k, v in sorted(env.items())))
with open(f"{work}/layers.txt", "w") as out: out.write("\n".join(manifest["Layers"]) + "\n")
with open(f"{work}/command.txt", "w") as out: out.write("\n".join(config["Entrypoint"] + config.get("Cmd", [])) + "\n")
with open(f"{work}/env.txt", "w") as out: out.write("\n".join(config["Env"]) + "\n")
PY
mkdir -p "$work/root"
while read -r layer; do tar --warning=no-unknown-keyword -xzf "$work/$layer" -C "$work/root"; done < "$work/layers.txt"
mkdir -p "$work/root/proc"
mount -t proc proc "$work/root/proc"
mapfile -t command < "$work/command.txt"
mapfile -t environment < "$work/env.txt"
port=18787
command[0]="/opt/java/bin/${command[0]}"
chroot_bin="$(command -v chroot)"
env -i "${environment[@]}" AMC_PORT=$port AMC_ORGANIZER_TOKEN=image-check-organizer-token \
  "$chroot_bin" --userspec=10001:10001 "$work/root" "${command[@]}" > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/health" > "$work/health.json" 2>/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$work/server.log"; echo "the image's server stopped" >&2; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/health" > /dev/null || { cat "$work/server.log"; echo "the image's server did not answer" >&2; exit 1; }
challenges=$(curl -fsS "http://127.0.0.1:$port/api/challenges" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["challenges"]))')
uid=$(ps -o uid= -p "$pid" | tr -d ' ')  # env and chroot exec the JVM: same process
owner=$(stat -c %u "$(find "$work/root/data" -name '*.mv.db' | head -n 1)")
echo "image ran: /health $(cat "$work/health.json"), $challenges challenges, server uid $uid, database in /data owned by uid $owner"
[ "$uid" = "10001" ] && [ "$owner" = "10001" ] && [ "$challenges" -ge 1 ]

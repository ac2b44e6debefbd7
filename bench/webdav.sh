# Sourced by the bench scripts: a WebDAV server on 127.0.0.1 for them.
# start_webdav DIR: nginx with PUT, DELETE, MKCOL, COPY, MOVE and a JSON index, its root DIR/www, its pid DIR/nginx.pid
# (stop it with: kill "$(cat DIR/nginx.pid)"); sets $nginx (the binary) and $port. Fails naming what is missing.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_webdav() {
  local dir="$1"
  nginx="$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)"
  [ -n "$nginx" ] || { echo "$(basename "$0"): needs nginx (sudo apt-get install -y nginx-light)" >&2; exit 1; }
  port=$(free_port)
  mkdir -p "$dir/www" "$dir/body"
  chmod 755 "$dir" && chmod 777 "$dir/www" "$dir/body" # nginx's workers run as an unprivileged user
  cat >"$dir/nginx.conf" <<CONF
daemon on;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    client_max_body_size 0;
    server {
        listen 127.0.0.1:$port;
        root $dir/www;
        location / {
            dav_methods PUT DELETE MKCOL COPY MOVE;
            create_full_put_path on;
            autoindex on;
            autoindex_format json;
        }
    }
}
CONF
  "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log"
}

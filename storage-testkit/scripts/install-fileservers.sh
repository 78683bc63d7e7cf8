#!/usr/bin/env sh
# Installs the FTP and SFTP servers that the file-server fixtures start on loopback ports:
# vsftpd and OpenSSH's sshd from Debian packages, pure-ftpd extracted from its .deb (Debian's FTP server
# packages conflict with each other, so only one can be installed; pure-ftpd runs from the extracted files),
# and the local Linux user both FTP servers and sshd log in. Safe to run again.
set -eu
here="$(cd "$(dirname "$0")/.." && pwd)"
target="$here/servers"
user="${STOWAGE_FS_USER:-stowagefs}"
password="${STOWAGE_FS_PASSWORD:-stowage-fs-test}"

export DEBIAN_FRONTEND=noninteractive
need=""
command -v curl >/dev/null 2>&1 || need="$need curl"
command -v vsftpd >/dev/null 2>&1 || [ -x /usr/sbin/vsftpd ] || need="$need vsftpd"
[ -x /usr/sbin/sshd ] || need="$need openssh-server"
command -v openssl >/dev/null 2>&1 || need="$need openssl"
command -v ssh-keygen >/dev/null 2>&1 || need="$need openssh-client"
dpkg -s libsodium23 >/dev/null 2>&1 || need="$need libsodium23"
dpkg -s libcap2 >/dev/null 2>&1 || need="$need libcap2"
if [ -n "$need" ]; then
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $need
fi

if [ ! -x "$target/pure-ftpd/usr/sbin/pure-ftpd" ]; then
  mkdir -p "$target/pure-ftpd"
  tmp="$(mktemp -d)"
  (cd "$tmp" && apt-get download pure-ftpd)
  dpkg -x "$tmp"/pure-ftpd_*.deb "$target/pure-ftpd"
  rm -rf "$tmp"
fi
"$target/pure-ftpd/usr/sbin/pure-ftpd" --help 2>&1 | head -n 1

if ! id "$user" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/sh "$user"
fi
echo "$user:$password" | chpasswd
# vsftpd checks the user's shell against /etc/shells through PAM
grep -qx /bin/sh /etc/shells || echo /bin/sh >> /etc/shells
/usr/sbin/vsftpd -v 0>&- 2>&1 | head -n 1 || true
/usr/sbin/sshd -V 2>&1 | head -n 1 || true
echo "file servers ready; test user: $user"

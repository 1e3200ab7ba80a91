#!/usr/bin/env bash
# Debian packages yusuan needs: CJK fonts (PDF output), poppler (pdftoppm/pdffonts), chromium (browser
# tests), LibreOffice Writer (PDF fixtures from DOCX), tesseract with Chinese data (OCR of scans).
set -euo pipefail
packages=(fonts-noto-cjk poppler-utils chromium libreoffice-writer-nogui tesseract-ocr tesseract-ocr-chi-sim)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

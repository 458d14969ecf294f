# Carebook: two commands.
#   make run   installs what it needs, builds, and opens the app on the demo data
#   make test  installs what the tests need and runs every check and test
# and the packages (each installs the Debian packages it needs):
#   make installer      dist/Carebook-Setup-<version>.exe, the Windows installer
#   make windows-check  tries that installer in a fresh Wine prefix (as CI does)
#   make linux-package  dist/carebook_<version>_amd64.deb
SHELL := /bin/bash
export LANG := en_US.UTF-8
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin
# A Go older than go.mod's fetches the right toolchain through the module proxy.
export GOTOOLCHAIN := auto
# Phones' HEIC photos are decoded by libheif compiled to WebAssembly, inside
# Carebook's process and sandbox: never by a system library loaded natively.
export GOFLAGS := -tags=nodynamic
# The Go to use: tools/ensure-go.sh finds one new enough, or installs it.
GO = $$(tools/ensure-go.sh)

# Debian packages: the C compiler and headers Fyne's OpenGL window needs, and
# the tools the tests and screenshots use (a virtual display, PDF to text/PNG).
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
              libxinerama-dev libxi-dev libxxf86vm-dev
TEST_PKGS  := poppler-utils xvfb xdotool imagemagick postgresql
# Windows: the cross compiler, the installer builder; and for trying them,
# Wine and OCR (to read the window's words back).
WINDOWS_PKGS := gcc-mingw-w64-x86-64 nsis imagemagick
WINE_PKGS    := wine wine64 xvfb xdotool imagemagick poppler-utils \
                tesseract-ocr tesseract-ocr-rus tesseract-ocr-kaz
LINUX_PKG_PKGS := imagemagick desktop-file-utils

VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)

BIN := bin/carebook

.PHONY: run test deps-build deps-test check-go build bench screenshots report-examples clean \
        windows installer windows-check linux-package deps-windows deps-wine deps-linux-package deps-bench

run: deps-build check-go build
	./$(BIN) --demo

test: deps-build deps-test check-go
	@echo "== gofmt"; out="$$($$($(GO) env GOROOT)/bin/gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	  if [ -n "$$out" ]; then echo "not gofmt-formatted:"; echo "$$out"; exit 1; fi
	@echo "== go vet"; $(GO) vet ./...
	@echo "== go build"; $(GO) build -trimpath -o $(BIN) .
	@echo "== go test"; $(GO) test ./...

build: check-go
	$(GO) build -trimpath -o $(BIN) .

# Installs the Debian packages that are missing (as root, or with sudo).
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  if ! command -v apt-get >/dev/null; then echo "Please install:$$missing (this is not a Debian system)"; exit 1; fi; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

deps-build:
	$(call apt_install,$(BUILD_PKGS))

deps-test:
	$(call apt_install,$(TEST_PKGS))

deps-windows:
	$(call apt_install,$(WINDOWS_PKGS))

deps-wine:
	$(call apt_install,$(WINE_PKGS))

deps-linux-package:
	$(call apt_install,$(BUILD_PKGS) $(LINUX_PKG_PKGS))

# carebook.exe (the window) and carebook-cli.exe (the console) in dist/windows.
windows: deps-windows check-go
	GO=$(GO) packaging/windows/build.sh

# The Windows installer, per user, no administrator rights needed.
installer: windows
	makensis -V2 -DVERSION=$(VERSION) -DSTAGE=$(CURDIR)/dist/windows \
	  -DOUTFILE=$(CURDIR)/dist/Carebook-Setup-$(VERSION).exe $(CURDIR)/packaging/windows/carebook.nsi
	@echo "dist/Carebook-Setup-$(VERSION).exe"

# Installs, uses and uninstalls the installer in a fresh Wine prefix.
windows-check: installer deps-wine
	GO=$(GO) packaging/windows/check.sh dist/Carebook-Setup-$(VERSION).exe dist/windows

# The Debian/Ubuntu package, checked.
linux-package: deps-linux-package check-go
	GO=$(GO) packaging/linux/build-deb.sh
	packaging/linux/check.sh dist/carebook_$(VERSION)_$$(dpkg --print-architecture).deb

# Finds (or installs) a Go new enough to build Carebook.
check-go:
	@tools/ensure-go.sh >/dev/null

# Speed with 10,000 children (not part of make test: it builds a big demo first).
# Carebook at a large foundation's size (10 000 children, 200 000 donations,
# built once into .cache/bench) against the simplest thing doing the same
# work — letters, reports, imports, the window, the offices' bundles and the
# hub (in a PostgreSQL of its own) — and prints the table of issues 14 and
# 29. Then a million-row bank statement.
bench: deps-bench check-go
	LANG=C.UTF-8 $(GO) run ./tools/bench
	$(GO) test ./bank -run '^$$' -bench ImportStatement -benchtime 1x -timeout 30m

# LibreOffice (its writer, without a window) is the peer the letters are
# measured against: installed, so that its row is measured, never skipped.
deps-bench:
	$(call apt_install,sqlite3 postgresql libreoffice-writer-nogui)

# Renders the main screens from the demo data into docs/screenshots.
screenshots: check-go
	$(GO) test ./ui -run '^TestScreenshots(1280)?$$' -count=1 -args -update-screenshots

# Writes example reports from the demo data into docs/reports (PDF and PNG pages).
report-examples: deps-test check-go
	$(GO) test ./reports -run '^TestExamples$$' -count=1 -args -update-examples

clean:
	rm -rf bin dist rsrc_windows_*.syso

# Carebook: two commands.
#   make run   installs what it needs, builds, and opens the app on the demo data
#   make test  installs what the tests need and runs every check and test
SHELL := /bin/bash
export LANG := en_US.UTF-8
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin
# A Go older than go.mod's fetches the right toolchain through the module proxy.
export GOTOOLCHAIN := auto
# The Go to use: tools/ensure-go.sh finds one new enough, or installs it.
GO = $$(tools/ensure-go.sh)

# Debian packages: the C compiler and headers Fyne's OpenGL window needs, and
# the tools the tests and screenshots use (a virtual display, PDF to text/PNG).
BUILD_PKGS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev \
              libxinerama-dev libxi-dev libxxf86vm-dev
TEST_PKGS  := poppler-utils xvfb xdotool imagemagick

BIN := bin/carebook

.PHONY: run test deps-build deps-test check-go build bench screenshots report-examples clean

run: deps-build check-go build
	./$(BIN) --demo

test: deps-build deps-test check-go
	@echo "== gofmt"; out="$$($$($(GO) env GOROOT)/bin/gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	  if [ -n "$$out" ]; then echo "not gofmt-formatted:"; echo "$$out"; exit 1; fi
	@echo "== go vet"; $(GO) vet ./...
	@echo "== go build"; $(GO) build -o $(BIN) .
	@echo "== go test"; $(GO) test ./...

build: check-go
	$(GO) build -o $(BIN) .

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

# Finds (or installs) a Go new enough to build Carebook.
check-go:
	@tools/ensure-go.sh >/dev/null

# Speed with 10,000 children (not part of make test: it builds a big demo first).
bench: check-go
	$(GO) test ./ui -run '^$$' -bench ChildrenList10k -benchtime 20x

# Renders the main screens from the demo data into docs/screenshots.
screenshots: check-go
	$(GO) test ./ui -run '^TestScreenshots$$' -count=1 -args -update-screenshots

# Writes example reports from the demo data into docs/reports (PDF and PNG pages).
report-examples: deps-test check-go
	$(GO) test ./reports -run '^TestExamples$$' -count=1 -args -update-examples

clean:
	rm -rf bin

# Safar: `make run` starts the app on its embedded content; `make test` runs
# the checks CI runs. Both install what this machine lacks: Debian packages
# through apt-get, Go modules through the module proxy.

GO       ?= go
TAGS     := sqlite_fts5
DEB_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev nginx
SHOT_DEB := xvfb x11-apps imagemagick
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export CGO_ENABLED := 1

.PHONY: run test bench screenshots deps go-modules build check-content snapshot fuzz-smoke e2e-load

# deps installs the Debian packages a cgo build of Fyne and SQLite needs.
deps:
	@command -v $(GO) >/dev/null || { echo "Go is not installed: see https://go.dev/doc/install (go.mod names the version)"; exit 1; }
	@missing=$$(for p in $(DEB_PKGS); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	$(GO) mod download

# accessibility turns on Fyne's screen-reader support where the platform
# has it (Android, iOS, macOS, Windows); elsewhere the tag changes nothing.
APP_TAGS := $(TAGS) migrated_fynedo accessibility

run: deps
	$(GO) run -tags '$(APP_TAGS)' .

# FEED is the address where the deployment serves the project's feed.
FEED ?=
build: deps
	$(GO) build -tags '$(APP_TAGS)' -ldflags "-X main.defaultFeed=$(FEED)" -o safar .

test: deps
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet -tags 'ci $(TAGS)' ./...
	SAFAR_E2E=1 $(GO) test -tags 'ci $(TAGS)' ./...
	$(MAKE) --no-print-directory fuzz-smoke

# e2e-load serves a released feed with nginx (sync/nginx/safar-feed.conf)
# on 127.0.0.1 and syncs SAFAR_LOAD_CLIENTS (200) clients at once, twice:
# a first sync, then after a one-article release. It prints failures, p50
# and p95 time per client, requests and bytes per client from nginx's log,
# and checks every client's content.db. It stops by itself.
SAFAR_LOAD_CLIENTS ?= 200
e2e-load: deps
	SAFAR_LOAD=1 SAFAR_E2E=1 SAFAR_LOAD_CLIENTS=$(SAFAR_LOAD_CLIENTS) SAFAR_LOAD_TIMEOUT=10m \
		$(GO) test -tags 'ci $(TAGS)' -run '^TestLoadOverNginx$$' -v -timeout 15m ./sync/client

# fuzz-smoke runs each fuzz target for a few seconds (FUZZTIME), one after
# another: enough to catch a parser that panics on new input in CI. A real
# run is `go test -run '^$$' -fuzz '^FuzzName$$' -fuzztime 10m ./pkg`; a
# crash it finds is kept in the package's testdata/fuzz and replayed by
# every `go test` from then on.
FUZZTIME ?= 3s
FUZZ_TARGETS := \
	FuzzParseEntry:./sync/feed FuzzParseIndex:./sync/feed FuzzParseDiff:./sync/feed \
	FuzzDecompress:./sync/feed FuzzArticleFile:./content/source FuzzHours:./content/hours \
	FuzzNormalize:./content/phone FuzzCheck:./content/markdown
fuzz-smoke:
	@log=$$(mktemp); for t in $(FUZZ_TARGETS); do \
		name=$${t%%:*}; pkg=$${t#*:}; echo "fuzz $$name ($$pkg) for $(FUZZTIME)"; \
		$(GO) test -tags 'ci $(TAGS)' -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg > $$log 2>&1 \
			|| { cat $$log; rm -f $$log; exit 1; }; \
	done; rm -f $$log

# bench runs the speed targets; see the README for what each measures.
bench: deps
	$(GO) test -tags 'ci $(TAGS)' -run '^$$' -bench . -benchmem ./content/... ./app/ ./sync/...

# screenshots renders the main screens in en, ar, fa-AF and ti at phone and
# desktop size into docs/screenshots, with Fyne's software renderer.
screenshots: deps
	$(GO) run -tags 'ci $(TAGS)' ./cmd/safar-screenshots -out docs/screenshots

# check-content lists every problem in the built-in content and its coverage.
check-content: deps
	$(GO) run -tags 'ci $(TAGS)' ./cmd/safar-publish check assets/content

# snapshot publishes what changed in assets/content to the project's feed
# and records the releases the app ships (assets/trust/releases.json), so
# the embedded pack stays a snapshot of the feed. It needs the publisher
# keys: see assets/trust/README.md.
SAFAR_FEED_DIR ?= ../safar-feed
SAFAR_KEYS ?= ../safar-keys
snapshot: deps
	$(GO) run -tags 'ci $(TAGS)' ./cmd/safar-publish release --all assets/content --feed $(SAFAR_FEED_DIR) --keys $(SAFAR_KEYS)
	$(GO) run -tags 'ci $(TAGS)' ./cmd/safar-publish snapshot --feed $(SAFAR_FEED_DIR) > assets/trust/releases.json.tmp
	mv assets/trust/releases.json.tmp assets/trust/releases.json

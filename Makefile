# Safar: `make run` starts the app on its embedded content; `make test` runs
# the checks CI runs. Each target installs what this machine lacks for it,
# and nothing more: Debian packages through apt-get, Go modules through the
# module proxy.

GO       ?= go
TAGS     := sqlite_fts5
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export CGO_ENABLED := 1

# Debian packages, by what needs them:
#   BUILD_DEB  a cgo build of Fyne and SQLite: every target that builds
#   E2E_DEB    the end-to-end tests that serve a feed with nginx, and the
#              Studio's browser test in Chromium (make test)
#   X_DEB      real windows on a virtual display (make bench-startup; its
#              journey is walked by the app itself, see main_bench.go, so
#              it needs no xdotool)
#   NODE_DEB   the JavaScript side of comparisons (make bench-compare)
BUILD_DEB := gcc pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev
E2E_DEB   := nginx chromium
X_DEB     := xvfb
NODE_DEB  := nodejs npm

# apt-install installs those of the Debian packages $(1) that are missing.
apt-install = @missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

.PHONY: studio studio-screenshots run test bench bench-startup screenshots deps e2e-deps x-deps node-deps build check-content snapshot fuzz-smoke search-eval bench-compare e2e-load

# deps installs what building and running Safar needs: Go's modules and the
# Debian packages of a cgo build of Fyne and SQLite.
deps:
	@command -v $(GO) >/dev/null || { echo "Go is not installed: see https://go.dev/doc/install (go.mod names the version)"; exit 1; }
	$(call apt-install,$(BUILD_DEB))
	$(GO) mod download

e2e-deps:
	$(call apt-install,$(E2E_DEB))

x-deps:
	$(call apt-install,$(X_DEB))

node-deps:
	@command -v node >/dev/null && command -v npm >/dev/null || $(MAKE) --no-print-directory node-apt

node-apt:
	$(call apt-install,$(NODE_DEB))

# accessibility turns on Fyne's screen-reader support where the platform
# has it (Android, iOS, macOS, Windows); elsewhere the tag changes nothing.
APP_TAGS := $(TAGS) migrated_fynedo accessibility

run: deps
	$(GO) run -tags '$(APP_TAGS)' .

# studio starts Safar Studio, the editors' browser tool, on the shipped
# content; studio-screenshots retakes the README's Studio screenshots in
# Chromium, through the browser test.
studio: deps
	$(GO) run -tags '$(APP_TAGS)' ./cmd/safar-publish studio assets/content

studio-screenshots: deps e2e-deps
	SAFAR_E2E=1 SAFAR_STUDIO_SCREENSHOTS=$(CURDIR)/docs/screenshots $(GO) test -tags 'ci $(TAGS)' -run 'TestStudioInABrowser|TestStudioProvidersInABrowser' -count=1 ./cmd/safar-publish/

# FEED is the address where the deployment serves the project's feed.
FEED ?=
build: deps
	$(GO) build -tags '$(APP_TAGS)' -ldflags "-X main.defaultFeed=$(FEED)" -o safar .

test: deps e2e-deps
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet -tags 'ci $(TAGS)' ./...
	@big=$$(git ls-files -z | xargs -0 -r stat -c '%s	%n' 2>/dev/null | \
		awk -F'\t' '$$1 > 1048576 && $$2 !~ /^assets\// {print "  " $$2 " (" $$1 " bytes)"}'); \
	if [ -n "$$big" ]; then echo "Tracked files over 1 MB outside assets/ (build outputs belong in .gitignore):"; echo "$$big"; exit 1; fi
	@race_log=$$(mktemp); \
	$(GO) test -race -short -timeout 30m -tags 'ci $(TAGS)' $(NO_FYNE_PKGS) > $$race_log 2>&1 & race=$$!; \
	echo "SAFAR_E2E=1 $(GO) test -timeout 30m -tags 'ci $(TAGS)' ./...   (the race pass runs beside it)"; \
	SAFAR_E2E=1 $(GO) test -timeout 30m -tags 'ci $(TAGS)' ./...; main=$$?; \
	wait $$race; race_rc=$$?; \
	echo "$(GO) test -race -short -timeout 30m -tags 'ci $(TAGS)' (packages without Fyne):"; cat $$race_log; rm -f $$race_log; \
	[ $$main -eq 0 ] && [ $$race_rc -eq 0 ]
	$(MAKE) --no-print-directory fuzz-smoke

# NO_FYNE_PKGS are the packages that hold no Fyne code, directly or through
# what they import: the race detector runs on them (Fyne's GL side is cgo),
# with -short, which skips the crash tests the main pass runs in full. The
# race pass runs beside the main pass, its output held until the main pass
# ends: the main pass's end-to-end and crash tests spend much of their time
# waiting on child processes and nginx, and the race pass fills that core.
NO_FYNE_PKGS = $$($(GO) list -tags 'ci $(TAGS)' -f '{{.ImportPath}} {{join .Deps " "}}' ./... | grep -v 'fyne.io/fyne' | cut -d' ' -f1)

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
	FuzzDecompress:./sync/feed FuzzArchiveSource:./sync/client FuzzFolderSource:./sync/client \
	FuzzArticleFile:./content/source FuzzHours:./content/hours \
	FuzzNormalize:./content/phone FuzzCheck:./content/markdown \
	FuzzVaultFormat:./userdata/vault FuzzMetadata:./userdata/vault \
	FuzzBackup:./userdata/backup FuzzBackupArchive:./userdata/backup
fuzz-smoke:
	@log=$$(mktemp); for t in $(FUZZ_TARGETS); do \
		name=$${t%%:*}; pkg=$${t#*:}; echo "fuzz $$name ($$pkg) for $(FUZZTIME)"; \
		$(GO) test -tags 'ci $(TAGS)' -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s $$pkg > $$log 2>&1 \
			|| { cat $$log; rm -f $$log; exit 1; }; \
	done; rm -f $$log

# bench runs the speed targets; see the README for what each measures.
bench: deps
	$(GO) test -tags 'ci $(TAGS)' -run '^$$' -bench . -benchmem ./content/... ./app/ ./sync/... ./userdata/...

# bench-startup starts the real desktop build of Safar and a bare Fyne
# window (cmd/safar-benchstartup/barewindow) in turn on a virtual display, and
# prints start-up time and peak memory as ratios to the bare window: on an
# installed data folder, on a first run, and after a journey through every
# screen (cmd/safar-benchstartup). The first build takes a few minutes.
BENCH_BIN := bin/bench
bench-startup: deps x-deps
	$(GO) build -tags '$(TAGS) migrated_fynedo' -o $(BENCH_BIN)/safar .
	$(GO) build -tags '$(TAGS) migrated_fynedo' -o $(BENCH_BIN)/barewindow ./cmd/safar-benchstartup/barewindow
	$(GO) build -tags '$(TAGS)' -o $(BENCH_BIN)/safar-benchstartup ./cmd/safar-benchstartup
	$(BENCH_BIN)/safar-benchstartup -safar $(BENCH_BIN)/safar -bare $(BENCH_BIN)/barewindow $(BENCH_STARTUP_FLAGS)

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

# search-eval prints search's recall@5 per language on the shipped pack for
# the reader queries in content/store/testdata/queries.tsv, and every miss.
search-eval: deps
	$(GO) test -tags 'ci $(TAGS)' -count=1 -run '^TestSearchEval$$' -v ./content/store/ | grep -v '^=== '

# bench-compare installs MiniSearch 7.2.0 from npm into .bench-compare/ and
# times it against Safar's search, interleaved, on the shipped pack and on
# the 20,000-translation benchmark corpus: p50, p95, their ratio, recall@5.
bench-compare: deps node-deps
	@command -v node >/dev/null || { echo "bench-compare needs Node.js (20 or later)"; exit 1; }
	mkdir -p .bench-compare
	cd .bench-compare && [ -d node_modules/minisearch ] || npm install --no-save --no-audit --no-fund minisearch@7.2.0
	MINISEARCH_DIR=$(CURDIR)/.bench-compare $(GO) test -tags 'ci $(TAGS)' -count=1 -timeout 60m -run '^TestBenchCompare$$' -v ./content/store/ | grep -v '^=== '

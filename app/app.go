// Package app is Safar's Fyne user interface: screens, widgets and theme.
// It reads content through content/store and keeps the reader's choices in
// userdata; it holds no SQL and no network code of its own.
package app

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/assets"
	"safar.app/safar/content"
	"safar.app/safar/content/store"
	"safar.app/safar/locales"
	"safar.app/safar/sync/client"
	"safar.app/safar/userdata"
)

// Options are what the caller of New decides.
type Options struct {
	// ContentRestored says content.db was damaged and has been rebuilt; the
	// reader is told in one line until they close it.
	ContentRestored bool
	// UserData says how user.db was found: damaged and kept aside, or
	// read-only (notices in backup.go).
	UserData userdata.Startup
	// VaultLogN is the vault's scrypt work factor (0 calibrates; tests
	// use a small one); VaultIdle locks it after that long unused (0 is 5
	// minutes).
	VaultLogN int
	VaultIdle time.Duration
	// Background runs slow work off the UI goroutine: a sync, the vault's
	// passphrase checks and backups, the user.db check. nil is "go f()".
	// Tests run it in place, or queue it and run it when they choose, so
	// that the screen never changes while they read it.
	Background func(f func())
	// Now is the clock, for review-date warnings and "open now"; nil is
	// the system clock.
	Now func() time.Time
	// Sync is the one sync service main builds and shares with `safar
	// sync`; nil, or one without a root of trust, offers no updates.
	Sync *client.Service
	// PickFrom is the folder the update picker opens in; "" is the
	// reader's Downloads or home folder.
	PickFrom string
	// Install, when set, puts the built-in content into the store, which
	// has none yet (see startInstall).
	Install func() error
	// Version is the app's version (FyneApp.toml), named in reports to
	// publishers when the build stamped none into Fyne's metadata.
	Version string
	// Trace, when set, is told as each step of start-up is done
	// (make bench-startup's -trace).
	Trace func(step string)
	// Started, when set, is called once the first frame has been drawn
	// (Fyne's run loop has started; test apps never start).
	Started func()
}

// App is one Safar window and the state behind it.
type App struct {
	fyne     fyne.App
	win      fyne.Window
	shownAt  int64 // Fyne's clock when the screen on show was put up (releaseTextures)
	content  *store.Store
	user     *userdata.Store
	settings userdata.Settings
	loc      *locales.Localizer
	theme    *text.Theme
	restored bool
	now      func() time.Time
	opts     Options
	book     *phrasebook // the health phrasebook and its conversation
	stack    []screen
	// userStart says how user.db was found; docs is the document vault.
	userStart userdata.Startup
	docs      docsState

	// after runs f once d has passed, off the UI thread, unless stopped
	// first: time.AfterFunc, or a clock the tests move.
	after func(d time.Duration, f func()) (stop func())
	// work runs f off the UI thread (Options.Background): a sync, the
	// vault's slow work. f changes widgets only through fyne.Do. Tests run
	// the work when they choose, on their own goroutine: Fyne's test driver
	// runs fyne.Do in place, so work on another goroutine would draw while
	// the test reads the screen.
	work func(f func())
	// pickFrom is where the update picker opens; "" is Downloads or home.
	pickFrom string
	// openExternal hands a web address or a number to the platform: the
	// browser, the dialler. An error means there is none.
	openExternal func(*url.URL) error
	// canDial is true on a phone, which can call a number.
	canDial bool
	// scroll is the scrolling body of the screen on show, so that Back
	// returns to where the reader was on the screen below.
	scroll *container.Scroll

	// installing is true while Options.Install runs; installErr is its
	// failure. Both are read and written on the UI goroutine. installed is
	// closed once a background install is done and shown.
	installing  bool
	installErr  error
	installed   chan struct{}
	drawnSignal *canvas.Raster // see installFallback

	repair contentRepair // content.db found damaged while running (updates.go)
}

// screen is one place in the navigation stack. Its parts are functions so
// that a language switch can rebuild them in the new language.
type screen struct {
	title func() string
	body  func() fyne.CanvasObject
	// emergency is true on the emergency screen itself, which needs no
	// emergency button.
	emergency bool
	// script, if set, is the script of most of the screen's text when it
	// is not the reader's (a patient's phrases): the window font follows it.
	script func() string
	// vault is true on the vault's screens, which close when it locks.
	vault bool
	// titleLang, if set, is the language of the title when it is not the
	// reader's: the clinician's or the patient's on phrasebook screens.
	titleLang func() string
	// fixed screens fill the window and scroll their parts themselves;
	// others scroll as a whole.
	fixed bool
	// scrollY is how far the reader had scrolled when they left the
	// screen for one above it.
	scrollY float32
}

// New builds the Safar window on fa. The window is not shown yet.
func New(fa fyne.App, cs *store.Store, us *userdata.Store, opts Options) (*App, error) {
	settings, err := us.Settings()
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	a := &App{fyne: fa, content: cs, user: us, settings: settings, restored: opts.ContentRestored, now: opts.Now, opts: opts,
		userStart: opts.UserData}
	a.book = newPhrasebook(a)
	a.work = opts.Background
	if a.work == nil {
		a.work = func(f func()) { go f() }
	}
	a.pickFrom = opts.PickFrom
	a.openExternal = fa.OpenURL
	a.canDial = fyne.CurrentDevice().IsMobile()
	a.after = func(d time.Duration, f func()) func() {
		t := time.AfterFunc(d, f)
		return func() { t.Stop() }
	}
	if a.now == nil {
		a.now = time.Now
	}
	trace := opts.Trace
	if trace == nil {
		trace = func(string) {}
	}
	if err := a.applyLanguage(settings.Lang); err != nil {
		return nil, err
	}
	trace("language")
	a.win = fa.NewWindow("Safar")
	// The window gets its icon after the first frame: the icon is a
	// 512-pixel PNG, and decoding it and handing it to the window system
	// took 13 ms of processor time before the first frame. The app's icon
	// (notifications) is set after the window is made for the same reason:
	// a new window takes the app's icon at once.
	icon := fyne.NewStaticResource("safar.png", assets.Icon)
	fa.SetIcon(icon)
	fa.Lifecycle().SetOnStarted(func() {
		if opts.Started != nil {
			opts.Started()
		}
		a.win.SetIcon(icon)
	})
	trace("window")
	// Escape goes back, as the Back button does; Tab and Shift-Tab move
	// between buttons and cards, Enter or Space presses them.
	a.win.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name == fyne.KeyEscape {
			a.back()
		}
	})
	a.win.Resize(fyne.NewSize(420, 760))
	a.startInstall(opts.Install)
	trace("install")
	// What updates changed since the last start (a `safar sync` with no
	// window, or a sync cut short by a crash after its install).
	if _, err := a.recordChanges(); err != nil {
		fyne.LogError("record what updates changed", err)
	}
	if settings.Onboarded && settings.Country != "" {
		a.stack = []screen{a.homeScreen()}
	} else {
		a.stack = []screen{a.languageScreen()}
	}
	trace("changes")
	a.startVault()
	a.show()
	trace("first screen")
	a.autoSync()
	a.checkContent()
	a.checkUserData()
	a.remindCheckin() // a check-in that fell due while Safar was closed
	return a, nil
}

// Window is the app's window.
func (a *App) Window() fyne.Window { return a.win }

// applyLanguage switches the UI language and the script theme.
func (a *App) applyLanguage(tag string) error {
	loc, err := locales.New(tag)
	if err != nil {
		return err
	}
	a.loc = loc
	a.settings.Lang = loc.Tag()
	a.applyTheme(text.RegionScript(loc.Tag()))
	return nil
}

// applyTheme sets the window theme for script (see text.Theme) at the
// reader's text size; "" keeps the current script.
func (a *App) applyTheme(script ...string) {
	s := text.RegionScript(a.loc.Tag())
	if a.theme != nil {
		s = a.theme.Script
	}
	if len(script) > 0 && script[0] != "" {
		s = script[0]
	}
	scale := float32(a.settings.TextScale)
	if t := a.theme; t != nil && t.Script == s && t.Scale() == scale && t.HighContrast == a.settings.HighContrast {
		// The same theme: setting it again would make Fyne drop and parse
		// again every font (tens of MB), e.g. on a switch from Arabic to Dari.
		return
	}
	a.theme = text.NewTheme(s, scale)
	a.theme.HighContrast = a.settings.HighContrast
	a.fyne.Settings().SetTheme(a.theme)
}

// chain is the reader's language preference for content.
func (a *App) chain() []string { return content.LangChain(a.loc.Tag()) }

func (a *App) rtl() bool { return locales.RightToLeft(a.loc.Tag()) }

func (a *App) save() {
	if err := a.user.SaveSettings(a.settings); err != nil {
		fyne.LogError("save settings", err)
	}
}

// show draws the top screen with its bar, the notice and the emergency button.
func (a *App) show() {
	top := a.stack[len(a.stack)-1]
	// The window's font is the script most of the screen is in: the
	// reader's, or the patient's on the phrasebook screens.
	want := text.RegionScript(a.loc.Tag())
	if top.script != nil {
		want = top.script()
	}
	if want != a.theme.Script {
		a.applyTheme(want)
	}
	content := a.screenBody(top) // before the title: an article's title comes from its body
	// The header keeps one line; when it is cut, the body opens with the
	// whole title. Phrasebook titles are in the clinician's or the
	// patient's language.
	lang := a.loc.Tag()
	if top.titleLang != nil {
		lang = top.titleLang()
	}
	title, content := a.titled(top.title(), lang, content)
	var body fyne.CanvasObject = container.NewPadded(content)
	a.scroll = nil
	if !top.fixed {
		a.scroll = container.NewVScroll(body)
		body = a.scroll
	}
	// Back sits where reading starts, settings where it ends: mirrored in
	// right-to-left languages.
	var leading, trailing fyne.CanvasObject
	if len(a.stack) > 1 {
		leading = a.button(a.loc.T("Back"), a.backIcon(), a.back)
	}
	if a.settings.Onboarded {
		settings := a.button("", theme.SettingsIcon(), func() { a.push(a.settingsScreen()) })
		settings.Name = a.loc.T("Settings")
		trailing = settings
	}
	// Tab goes in reading order: Back first, on whichever side it sits.
	order := []fyne.CanvasObject{title}
	for _, o := range []fyne.CanvasObject{leading, trailing} {
		if o != nil {
			order = append(order, o)
		}
	}
	if a.rtl() {
		leading, trailing = trailing, leading
	}
	header := container.New(layout.NewBorderLayout(nil, nil, leading, trailing), order...)
	head := []fyne.CanvasObject{header}
	if a.restored {
		close := a.button(a.loc.T("Close"), nil, func() { a.restored = false; a.show() })
		head = append(head, container.NewBorder(nil, nil, nil, close, a.ui(a.restoredText(), text.Small)))
	}
	head = append(head, a.userDataNotices()...)
	// The bottom bar: Home, one tap away from every screen below it, at
	// the start, and the emergency numbers.
	var home, sos fyne.CanvasObject
	if a.settings.Onboarded && len(a.stack) > 1 {
		b := a.button("", theme.HomeIcon(), a.goHome)
		b.Name = a.loc.T("Home")
		home = b
	}
	if a.settings.Onboarded && !top.emergency {
		b := a.button(a.loc.T("Emergency"), theme.WarningIcon(), func() { a.push(a.emergencyScreen()) })
		b.Importance = widget.DangerImportance
		sos = b
	}
	var bottom fyne.CanvasObject
	switch {
	case home != nil && sos != nil:
		bottom = container.NewPadded(rowIn(!a.rtl(), sos, home))
	case home != nil:
		bottom = container.NewPadded(container.NewHBox(home))
		if a.rtl() {
			bottom = container.NewPadded(container.NewBorder(nil, nil, nil, home))
		}
	case sos != nil:
		bottom = container.NewPadded(sos)
	}
	// The objects are listed top to bottom so that Tab follows them so.
	topBar := container.NewVBox(append(head, widget.NewSeparator())...)
	parts := []fyne.CanvasObject{topBar, body}
	if bottom != nil {
		parts = append(parts, bottom)
	}
	a.releaseShown()
	a.win.SetContent(container.New(layout.NewBorderLayout(topBar, bottom, nil, nil), parts...))
	if a.scroll != nil && top.scrollY > 0 {
		a.scroll.ScrollToOffset(fyne.NewPos(0, top.scrollY))
	}
}

func (a *App) backIcon() fyne.Resource {
	if a.rtl() {
		return theme.NavigateNextIcon()
	}
	return theme.NavigateBackIcon()
}

func (a *App) push(s screen) {
	if a.scroll != nil && len(a.stack) > 0 {
		a.stack[len(a.stack)-1].scrollY = a.scroll.Offset.Y
	}
	a.stack = append(a.stack, s)
	a.show()
}

func (a *App) back() {
	if len(a.stack) > 1 {
		a.stack = a.stack[:len(a.stack)-1]
	}
	a.show()
}

func (a *App) goHome() {
	a.stack = []screen{a.homeScreen()}
	a.show()
}

// vbox stacks objects, dropping nils, so screens can add optional parts inline.
func vbox(objs ...fyne.CanvasObject) *fyne.Container {
	var keep []fyne.CanvasObject
	for _, o := range objs {
		if o != nil {
			keep = append(keep, o)
		}
	}
	return container.NewVBox(keep...)
}

// Open shows a screen by name, for deep links and the screenshot tool:
// "first-run", "home", "topic:<n>" (the n-th home tile, from 0),
// "article:<id>", "service:<id>", "search:<query>", "emergency", "settings", "phrasebook",
// "phrases:<category>", "patient:<phrase id>", "summary", "saved-summaries",
// "call:<number>", "link:<address>" (as if tapped), "pick-update",
// "documents", "money", "compare", "contacts", "checklist:<stage>", "saved"
// or "whats-new".
// Screens other than first-run open above home, so Back leads home.
func (a *App) Open(where string) error {
	name, arg, _ := strings.Cut(where, ":")
	var s screen
	switch name {
	case "first-run":
		a.stack = []screen{a.languageScreen()}
		a.show()
		return nil
	case "home":
		a.goHome()
		return nil
	case "topic":
		n, err := strconv.Atoi(arg)
		if err != nil || n < 0 || n >= len(topics) {
			return fmt.Errorf("no topic %q", arg)
		}
		s = a.topicScreen(topics[n])
	case "article":
		s = a.articleScreen(arg)
	case "service":
		s = a.serviceScreen(arg)
	case "search":
		s = a.searchScreen(arg)
	case "emergency":
		s = a.emergencyScreen()
	case "settings":
		s = a.settingsScreen()
	case "phrasebook":
		s = a.book.homeScreen()
	case "phrases":
		a.stack = []screen{a.homeScreen(), a.book.homeScreen(), a.book.listScreen(arg, "")}
		a.show()
		return nil
	case "patient":
		a.stack = []screen{a.homeScreen(), a.book.homeScreen(), a.book.patientScreen(arg)}
		a.show()
		return nil
	case "summary":
		s = a.book.summaryScreen()
	case "money", "compare", "contacts":
		s = a.moneyOrContacts(name)
	case "documents":
		s = a.documentsScreen()
	case "report", "reports", "share-story":
		s = a.feedbackScreen(name, arg)
	case "checklist":
		st := content.Stage(arg)
		if !st.Valid() {
			return fmt.Errorf("no checklist stage %q", arg)
		}
		s = a.checklistScreen(st)
	case "saved":
		s = a.savedScreen()
	case "whats-new":
		s = a.whatsNewScreen()
	case "call":
		a.stack = []screen{a.homeScreen()}
		a.show()
		a.call(arg)
		return nil
	case "link":
		a.stack = []screen{a.homeScreen()}
		a.show()
		a.openURL(arg)
		return nil
	case "pick-update":
		a.stack = []screen{a.homeScreen(), a.settingsScreen(), a.pickerScreen(a.pickStart())}
		a.show()
		return nil
	case "saved-summaries":
		a.stack = []screen{a.homeScreen(), a.book.homeScreen(), a.book.savedScreen()}
		a.show()
		return nil
	default:
		return fmt.Errorf("no screen %q", where)
	}
	a.stack = []screen{a.homeScreen(), s}
	a.show()
	return nil
}

// today is the current day, for review-date warnings.
func (a *App) today() content.Date { return content.DateOf(a.now()) }

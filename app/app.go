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
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/assets"
	"safar.app/safar/content"
	"safar.app/safar/content/store"
	"safar.app/safar/locales"
	"safar.app/safar/userdata"
)

// Options are what the caller of New decides.
type Options struct {
	// ContentRestored says content.db was damaged and has been rebuilt; the
	// reader is told in one line until they close it.
	ContentRestored bool
	// Now is the clock, for review-date warnings and "open now"; nil is
	// the system clock.
	Now func() time.Time
	// Feed is the address of the content feed; TrustRoot its root of
	// trust; SyncDir the sync client's folder. Without a root, updates are
	// not offered.
	Feed      string
	TrustRoot []byte
	SyncDir   string
}

// App is one Safar window and the state behind it.
type App struct {
	fyne     fyne.App
	win      fyne.Window
	content  *store.Store
	user     *userdata.Store
	settings userdata.Settings
	loc      *locales.Localizer
	theme    *text.Theme
	restored bool
	now      func() time.Time
	opts     Options
	talk     conversation // the phrasebook conversation, in memory only
	saved    bool         // talk has been saved to user.db as it is
	stack    []screen
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
}

// New builds the Safar window on fa. The window is not shown yet.
func New(fa fyne.App, cs *store.Store, us *userdata.Store, opts Options) (*App, error) {
	settings, err := us.Settings()
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	a := &App{fyne: fa, content: cs, user: us, settings: settings, restored: opts.ContentRestored, now: opts.Now, opts: opts}
	if a.now == nil {
		a.now = time.Now
	}
	fa.SetIcon(fyne.NewStaticResource("safar.png", assets.Icon))
	if err := a.applyLanguage(settings.Lang); err != nil {
		return nil, err
	}
	a.win = fa.NewWindow("Safar")
	// Escape goes back, as the Back button does; Tab and Shift-Tab move
	// between buttons and cards, Enter or Space presses them.
	a.win.Canvas().SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name == fyne.KeyEscape {
			a.back()
		}
	})
	a.win.Resize(fyne.NewSize(420, 760))
	if settings.Onboarded && settings.Country != "" {
		a.stack = []screen{a.homeScreen()}
	} else {
		a.stack = []screen{a.languageScreen()}
	}
	a.show()
	a.autoSync()
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
	a.theme = text.NewTheme(s, float32(a.settings.TextScale))
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
	content := top.body() // before the title: an article's title comes from its body
	// The header keeps one line; when it is cut, the body opens with the whole title.
	title, content := a.titled(top.title(), a.loc.Tag(), content)
	body := container.NewVScroll(container.NewPadded(content))
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
		head = append(head, container.NewBorder(nil, nil, nil, close, a.ui(a.loc.T("ContentRestored"), text.Small)))
	}
	var bottom fyne.CanvasObject
	if a.settings.Onboarded && !top.emergency {
		sos := a.button(a.loc.T("Emergency"), theme.WarningIcon(), func() { a.push(a.emergencyScreen()) })
		sos.Importance = widget.DangerImportance
		bottom = container.NewPadded(sos)
	}
	// The objects are listed top to bottom so that Tab follows them so.
	topBar := container.NewVBox(append(head, widget.NewSeparator())...)
	parts := []fyne.CanvasObject{topBar, body}
	if bottom != nil {
		parts = append(parts, bottom)
	}
	a.win.SetContent(container.New(layout.NewBorderLayout(topBar, bottom, nil, nil), parts...))
}

func (a *App) backIcon() fyne.Resource {
	if a.rtl() {
		return theme.NavigateNextIcon()
	}
	return theme.NavigateBackIcon()
}

func (a *App) push(s screen) {
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

// openURL opens a web or tel: address with the platform's handler.
func (a *App) openURL(raw string) {
	u, err := url.Parse(raw)
	if err != nil {
		return
	}
	if err := a.fyne.OpenURL(u); err != nil {
		fyne.LogError("open "+raw, err)
	}
}

// errorText shows a failed query to the reader instead of an empty screen.
func (a *App) errorText(err error) fyne.CanvasObject {
	return widget.NewLabel(err.Error())
}

// Open shows a screen by name, for deep links and the screenshot tool:
// "first-run", "home", "topic:<n>" (the n-th home tile, from 0),
// "article:<id>", "service:<id>", "search:<query>", "emergency", "settings", "phrasebook",
// "phrases:<category>", "patient:<phrase id>", "summary", "money", "compare" or "contacts".
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
		s = a.phrasebookScreen()
	case "phrases":
		a.stack = []screen{a.homeScreen(), a.phrasebookScreen(), a.phraseListScreen(arg, "")}
		a.show()
		return nil
	case "patient":
		a.stack = []screen{a.homeScreen(), a.phrasebookScreen(), a.patientScreen(arg)}
		a.show()
		return nil
	case "summary":
		s = a.summaryScreen()
	case "money", "compare", "contacts":
		s = a.moneyOrContacts(name)
	default:
		return fmt.Errorf("no screen %q", where)
	}
	a.stack = []screen{a.homeScreen(), s}
	a.show()
	return nil
}

// today is the current day, for review-date warnings.
func (a *App) today() content.Date { return content.DateOf(a.now()) }

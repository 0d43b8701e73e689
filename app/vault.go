package app

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // documents are JPEG or PNG photos
	_ "image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/userdata"
	"safar.app/safar/userdata/vault"
)

// expiryWindow is how far ahead home lists documents about to expire.
const expiryWindow = 60 * 24 * time.Hour

// docsState is the vault screens' state: the vault, and the pickers the
// tests replace (the platform's file dialogs in the app).
type docsState struct {
	vault *vault.Vault
	// pickOpen asks the reader for a file to read; pickSave for a place
	// to write one. Both hand over Fyne storage readers and writers, so
	// Android content:// addresses work: no path is ever used.
	pickOpen func(exts []string, done func(fyne.URIReadCloser))
	pickSave func(name string, done func(fyne.URIWriteCloser))
	// quit closes the app; the quick exit calls it after locking.
	quit func()
	// picking is true while a file picker Safar opened is showing.
	picking bool
	// viewer is the full-screen picture, while it shows.
	viewer *widget.PopUp
	// message is a one-line result shown on the next vault screen.
	message string
}

// startVault sets up the vault beside user.db and locks it whenever the
// app leaves the foreground. Called from New.
func (a *App) startVault() {
	// While a file picker Safar opened is showing, Safar is not in the
	// foreground on a phone (the picker is another app); the vault stays
	// open for it, or every document added would lock the vault first.
	// The idle lock still runs.
	a.docs.pickOpen = func(exts []string, done func(fyne.URIReadCloser)) {
		a.docs.picking = true
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			a.docs.picking = false
			if err == nil && r != nil {
				done(r)
			}
		}, a.win)
		d.SetFilter(storage.NewExtensionFileFilter(exts))
		d.Show()
	}
	a.docs.pickSave = func(name string, done func(fyne.URIWriteCloser)) {
		a.docs.picking = true
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			a.docs.picking = false
			if err == nil && w != nil {
				done(w)
			}
		}, a.win)
		d.SetFileName(name)
		d.Show()
	}
	a.docs.quit = a.exitNow
	if a.user.Path() == "" || a.user.ReadOnly() {
		return // nowhere to keep documents: the screen says so
	}
	a.docs.vault = vault.New(a.user, filepath.Join(filepath.Dir(a.user.Path()), userdata.VaultDir), vault.Options{
		LogN: a.opts.VaultLogN,
		Idle: a.opts.VaultIdle,
		// The idle timer locks on its own goroutine.
		OnLock: func() { fyne.Do(a.vaultLocked) },
	})
	a.fyne.Lifecycle().SetOnExitedForeground(func() {
		if !a.docs.picking {
			a.docs.vault.Lock()
		}
	})
}

// exitNow closes Safar. Fyne's Quit does nothing on Android and iOS (their
// guidelines say apps do not quit themselves), so there the process ends:
// user.db is closed first, and every committed change is already on disk
// (WAL, synchronous=FULL).
func (a *App) exitNow() {
	a.stack = []screen{a.languageScreen()} // nothing of the reader's on screen meanwhile
	a.show()
	if fyne.CurrentDevice().IsMobile() {
		a.user.Close()
		os.Exit(0)
	}
	a.fyne.Quit()
}

// vaultLocked takes the reader off any open document when the vault locks
// (idle, or the app left the foreground): back to the locked vault.
func (a *App) vaultLocked() {
	if a.docs.viewer != nil {
		a.docs.viewer.Hide()
		a.docs.viewer = nil
	}
	for i, s := range a.stack {
		if s.vault {
			a.stack = append(a.stack[:i], a.documentsScreen())
			a.show()
			return
		}
	}
}

// quickExit locks the vault and closes the app at once.
func (a *App) quickExit() {
	if a.docs.vault != nil {
		a.docs.vault.Lock()
	}
	a.docs.quit()
}

// quickExitButton is offered in the vault and on the emergency screen.
func (a *App) quickExitButton() fyne.CanvasObject {
	b := a.button(a.loc.T("VaultQuickExit"), theme.LogoutIcon(), a.quickExit)
	b.Importance = widget.DangerImportance
	return b
}

// documentsTile leads from home to My documents, with the documents that
// expire within 60 days when the vault is open.
func (a *App) documentsTile() fyne.CanvasObject {
	name := a.loc.T("VaultMyDocuments")
	tile := text.NewCard(name, vbox(a.ui(name, text.Strong), a.ui(a.loc.T("VaultHomeHint"), text.Small)),
		func() { a.push(a.documentsScreen()) })
	v := a.docs.vault
	if v == nil || !v.Unlocked() {
		return tile // expiry dates are encrypted too: shown only while unlocked
	}
	soon, err := v.Expiring(a.now(), expiryWindow)
	if err != nil || len(soon) == 0 {
		return tile
	}
	box := vbox(tile, a.ui(a.loc.T("VaultExpiringSoon"), text.Strong))
	for _, m := range soon {
		box.Add(a.documentCard(m))
	}
	return box
}

// documentsScreen is My documents: set a passphrase on first use, unlock,
// or the list of documents.
func (a *App) documentsScreen() screen {
	return screen{
		vault: true,
		title: func() string { return a.loc.T("VaultMyDocuments") },
		body: func() fyne.CanvasObject {
			v := a.docs.vault
			if v == nil {
				return a.ui(a.loc.T("VaultUnavailable"), text.Body)
			}
			exists, err := v.Exists()
			switch {
			case err != nil:
				return a.vaultError(err)
			case !exists:
				return a.vaultSetup()
			case !v.Unlocked():
				return a.vaultUnlock()
			}
			return a.documentList()
		},
	}
}

// passField is a passphrase entry; Enter submits.
func (a *App) passField(label string, submit func()) *widget.Entry {
	e := widget.NewPasswordEntry()
	e.SetPlaceHolder(label)
	e.OnSubmitted = func(string) { submit() }
	return e
}

func (a *App) vaultSetup() fyne.CanvasObject {
	status := text.Plain("", a.loc.Tag(), text.Strong, nil)
	var pass, again *widget.Entry
	create := func() {
		switch {
		case len([]rune(pass.Text)) < vault.MinPassphrase:
			status.SetText(a.loc.T("VaultTooShort", "Count", vault.MinPassphrase))
		case pass.Text != again.Text:
			status.SetText(a.loc.T("VaultMismatch"))
		default:
			status.SetText(a.loc.T("VaultWorking"))
			p := pass.Text
			a.inBackground(func() error { return a.docs.vault.Create(p) }, func(err error) {
				if err != nil {
					status.SetText(a.vaultMessage(err))
					return
				}
				a.show()
			})
		}
	}
	pass = a.passField(a.loc.T("VaultPassphrase"), func() { a.win.Canvas().Focus(again) })
	again = a.passField(a.loc.T("VaultPassphraseAgain"), create)
	return vbox(
		a.ui(a.loc.T("VaultSetupTitle"), text.Heading),
		a.ui(a.loc.T("VaultSetupGuide"), text.Body),
		a.ui(a.loc.T("VaultPassphrase"), text.Strong), pass,
		a.ui(a.loc.T("VaultPassphraseAgain"), text.Strong), again,
		status,
		a.button(a.loc.T("VaultCreate"), theme.ConfirmIcon(), create),
		widget.NewSeparator(), a.quickExitButton(),
	)
}

func (a *App) vaultUnlock() fyne.CanvasObject {
	status := text.Plain(a.docs.message, a.loc.Tag(), text.Strong, nil)
	a.docs.message = ""
	var pass *widget.Entry
	unlock := func() {
		status.SetText(a.loc.T("VaultWorking"))
		p := pass.Text
		a.inBackground(func() error { return a.docs.vault.Unlock(p) }, func(err error) {
			if err != nil {
				status.SetText(a.vaultMessage(err))
				pass.SetText("")
				return
			}
			a.show()
		})
	}
	pass = a.passField(a.loc.T("VaultPassphrase"), unlock)
	return vbox(
		a.ui(a.loc.T("VaultLockedText"), text.Heading),
		a.ui(a.loc.T("VaultPassphrase"), text.Strong), pass,
		status,
		a.button(a.loc.T("VaultUnlock"), theme.VisibilityIcon(), unlock),
		widget.NewSeparator(), a.quickExitButton(),
	)
}

func (a *App) documentList() fyne.CanvasObject {
	v := a.docs.vault
	list, err := v.List()
	if err != nil {
		return a.vaultError(err)
	}
	box := vbox()
	if a.docs.message != "" {
		box.Add(a.ui(a.docs.message, text.Strong))
		a.docs.message = ""
	}
	add := a.button(a.loc.T("VaultAdd"), theme.ContentAddIcon(), a.pickDocument)
	add.Importance = widget.HighImportance
	box.Add(add)
	if len(list) == 0 {
		box.Add(a.ui(a.loc.T("VaultEmpty"), text.Body))
	}
	for _, m := range list {
		box.Add(a.documentCard(m))
	}
	box.Add(widget.NewSeparator())
	box.Add(a.grid(2,
		a.button(a.loc.T("VaultLock"), theme.VisibilityOffIcon(), v.Lock),
		a.button(a.loc.T("VaultChangePassphrase"), theme.AccountIcon(), func() { a.push(a.changePassphraseScreen()) })))
	box.Add(a.quickExitButton())
	return box
}

// documentCard shows a document's thumbnail, title, category and expiry.
func (a *App) documentCard(m vault.Meta) fyne.CanvasObject {
	var pic fyne.CanvasObject
	if len(m.Thumb) > 0 {
		img := canvas.NewImageFromReader(bytes.NewReader(m.Thumb), m.ID+".jpg")
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(72, 72))
		pic = img
	} else {
		icon := widget.NewIcon(theme.FileIcon())
		pic = container.NewGridWrap(fyne.NewSize(72, 72), icon)
	}
	lines := vbox(a.ui(m.Title, text.Strong), a.ui(a.categoryName(m.Category), text.Small))
	if line := a.expiryLine(m); line != "" {
		lines.Add(a.ui(line, text.Small))
	}
	row := container.NewBorder(nil, nil, pic, nil, lines)
	if a.rtl() {
		row = container.NewBorder(nil, nil, nil, pic, lines)
	}
	return text.NewCard(m.Title, row, func() { a.push(a.documentScreen(m.ID)) })
}

func (a *App) expiryLine(m vault.Meta) string {
	if m.Expiry.IsZero() {
		return ""
	}
	d := a.loc.Day(m.Expiry.Year(), int(m.Expiry.Month()), m.Expiry.Day())
	if m.Expiry.Before(a.now()) {
		return a.loc.T("VaultExpired", "Date", d)
	}
	return a.loc.T("VaultExpires", "Date", d)
}

var categoryMessages = map[vault.Category]string{
	vault.Identity: "VaultCategoryIdentity", vault.Residence: "VaultCategoryResidence", vault.Health: "VaultCategoryHealth",
	vault.Education: "VaultCategoryEducation", vault.Work: "VaultCategoryWork", vault.Family: "VaultCategoryFamily",
	vault.Other: "VaultCategoryOther",
}

func (a *App) categoryName(c vault.Category) string {
	if id, ok := categoryMessages[c]; ok {
		return a.loc.T(id)
	}
	return a.loc.T("VaultCategoryOther")
}

// pickDocument reads a photo or PDF through the platform's file picker
// and opens the form for its title, category, notes and expiry.
func (a *App) pickDocument() {
	a.docs.pickOpen([]string{".jpg", ".jpeg", ".png", ".pdf", ".JPG", ".JPEG", ".PNG", ".PDF"}, func(r fyne.URIReadCloser) {
		defer r.Close()
		data, err := io.ReadAll(io.LimitReader(r, vault.MaxDocument+1))
		if err != nil {
			a.docs.message = a.vaultMessage(err)
			a.show()
			return
		}
		name := r.URI().Name()
		a.push(a.documentForm(vault.Meta{Title: strings.TrimSuffix(name, r.URI().Extension()), Name: name, Category: vault.Other}, data))
	})
}

// documentForm asks for a document's title, category, notes and expiry:
// for a new document (data is its content) or to edit one (data nil).
func (a *App) documentForm(m vault.Meta, data []byte) screen {
	return screen{
		vault: true,
		title: func() string { return a.loc.T("VaultMyDocuments") },
		body: func() fyne.CanvasObject {
			title := widget.NewEntry()
			title.SetText(m.Title)
			notes := widget.NewMultiLineEntry()
			notes.SetText(m.Notes)
			notes.SetMinRowsVisible(3)
			expiry := widget.NewEntry()
			expiry.SetPlaceHolder("2027-03-31")
			if !m.Expiry.IsZero() {
				expiry.SetText(m.Expiry.Format(time.DateOnly))
			}
			status := text.Plain("", a.loc.Tag(), text.Strong, nil)
			// The categories in reading order, two to a row; the chosen one
			// highlighted.
			catBox := container.NewVBox()
			var drawCats func()
			drawCats = func() {
				var buttons []fyne.CanvasObject
				for _, c := range vault.Categories {
					b := a.button(a.categoryName(c), nil, func() { m.Category = c; drawCats() })
					if c == m.Category {
						b.Importance = widget.HighImportance
					}
					buttons = append(buttons, b)
				}
				catBox.Objects = []fyne.CanvasObject{a.grid(2, buttons...)}
				catBox.Refresh()
			}
			drawCats()
			save := func() {
				m.Title, m.Notes = strings.TrimSpace(title.Text), strings.TrimSpace(notes.Text)
				if m.Title == "" {
					m.Title = a.categoryName(m.Category)
				}
				m.Expiry = time.Time{}
				if s := strings.TrimSpace(expiry.Text); s != "" {
					t, err := time.Parse(time.DateOnly, s)
					if err != nil {
						status.SetText(a.loc.T("VaultBadDate"))
						return
					}
					m.Expiry = t
				}
				status.SetText(a.loc.T("VaultWorking"))
				a.inBackground(func() error {
					if data == nil {
						return a.docs.vault.Update(m)
					}
					_, err := a.docs.vault.Add(bytes.NewReader(data), m)
					return err
				}, func(err error) {
					if err != nil {
						status.SetText(a.vaultMessage(err))
						return
					}
					a.back()
				})
			}
			return vbox(
				a.ui(a.loc.T("VaultDocTitle"), text.Strong), title,
				a.ui(a.loc.T("VaultDocCategory"), text.Strong), catBox,
				a.ui(a.loc.T("VaultDocNotes"), text.Strong), notes,
				a.ui(a.loc.T("VaultDocExpiry"), text.Strong), expiry,
				status,
				a.grid(2, a.button(a.loc.T("VaultSave"), theme.DocumentSaveIcon(), save),
					a.button(a.loc.T("VaultCancel"), theme.CancelIcon(), a.back)),
			)
		},
	}
}

// documentScreen shows one document: the picture (full screen with zoom on
// request), or for a PDF
// its size; then its details, Edit, Export and Delete.
func (a *App) documentScreen(id string) screen {
	return screen{
		vault: true,
		title: func() string { return a.loc.T("VaultMyDocuments") },
		body: func() fyne.CanvasObject {
			m, data, err := a.docs.vault.Open(id)
			if err != nil {
				return vbox(a.vaultError(err), a.button(a.loc.T("VaultDelete"), theme.DeleteIcon(), func() { a.confirmDelete(vault.Meta{ID: id, Title: id}) }))
			}
			box := vbox(a.ui(m.Title, text.Title), a.ui(a.categoryName(m.Category), text.Small))
			if line := a.expiryLine(m); line != "" {
				box.Add(a.ui(line, text.Strong))
			}
			if m.IsImage() {
				box.Add(a.preview(m, data))
			} else {
				box.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), nil,
					a.ui(a.loc.T("VaultPDF", "Size", humanSize(m.Size)), text.Body)))
			}
			if m.Notes != "" {
				box.Add(a.ui(m.Notes, text.Body))
			}
			box.Add(a.grid(3,
				a.button(a.loc.T("VaultEdit"), theme.DocumentCreateIcon(), func() { a.push(a.documentForm(m, nil)) }),
				a.button(a.loc.T("VaultExport"), theme.DownloadIcon(), func() { a.exportDocument(m) }),
				a.button(a.loc.T("VaultDelete"), theme.DeleteIcon(), func() { a.confirmDelete(m) })))
			return box
		},
	}
}

// preview shows an image at the width of a phone screen, with a button
// to view it full screen.
func (a *App) preview(m vault.Meta, data []byte) fyne.CanvasObject {
	img := canvas.NewImageFromReader(bytes.NewReader(data), m.ID+".img")
	img.FillMode = canvas.ImageFillContain
	w, h := fitted(data, 320, 420)
	img.SetMinSize(fyne.NewSize(w, h))
	full := a.button(a.loc.T("VaultFullScreen"), theme.ViewFullScreenIcon(), func() { a.showFullScreen(m, data) })
	return vbox(img, full)
}

// fitted is the size of the image in data scaled to fit w×h.
func fitted(data []byte, w, h float32) (float32, float32) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return w, h
	}
	scale := min(w/float32(cfg.Width), h/float32(cfg.Height))
	return float32(cfg.Width) * scale, float32(cfg.Height) * scale
}

// showFullScreen shows an image over the whole window, fitted to it, with
// Zoom in, Zoom out (panning in both directions) and Close. It closes when
// the vault locks.
func (a *App) showFullScreen(m vault.Meta, data []byte) {
	c := a.win.Canvas()
	size := c.Size()
	img := canvas.NewImageFromReader(bytes.NewReader(data), m.ID+".full")
	img.FillMode = canvas.ImageFillContain
	w, h := fitted(data, size.Width-24, size.Height-96)
	zoom := float32(1)
	img.SetMinSize(fyne.NewSize(w, h))
	scroll := container.NewScroll(img)
	set := func(z float32) {
		a.docs.vault.Touch() // looking at a document is using the vault
		zoom = max(1, min(z, 8))
		img.SetMinSize(fyne.NewSize(w*zoom, h*zoom))
		scroll.Refresh()
	}
	var pop *widget.PopUp
	bar := a.grid(3,
		a.button(a.loc.T("VaultZoomIn"), theme.ZoomInIcon(), func() { set(zoom * 2) }),
		a.button(a.loc.T("VaultZoomOut"), theme.ZoomOutIcon(), func() { set(zoom / 2) }),
		a.button(a.loc.T("Close"), theme.CancelIcon(), func() { pop.Hide(); a.docs.viewer = nil }))
	pop = widget.NewModalPopUp(container.NewBorder(nil, bar, nil, nil, scroll), c)
	pop.Resize(size)
	pop.Show()
	a.docs.viewer = pop
}

// exportDocument writes a decrypted copy where the reader chooses, after
// warning that the copy is not protected.
func (a *App) exportDocument(m vault.Meta) {
	a.confirm(a.loc.T("VaultExport"), a.loc.T("VaultExportWarning"), a.loc.T("VaultExport"), func() {
		name := m.Name
		if name == "" {
			name = m.Title + map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}[m.MIME]
		}
		a.docs.pickSave(name, func(w fyne.URIWriteCloser) {
			err := a.docs.vault.Export(m.ID, w)
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				a.docs.message = a.vaultMessage(err)
			} else {
				a.docs.message = a.loc.T("VaultExported")
			}
			a.back()
		})
	})
}

func (a *App) confirmDelete(m vault.Meta) {
	a.confirm(a.loc.T("VaultDelete"), a.loc.T("VaultDeleteConfirm", "Title", m.Title), a.loc.T("VaultDelete"), func() {
		if err := a.docs.vault.Delete(m.ID); err != nil {
			a.docs.message = a.vaultMessage(err)
		}
		a.back()
	})
}

// confirm asks a yes/no question in a dialog whose text goes through
// Safar's text engine (right to left where the reader reads so).
func (a *App) confirm(title, question, yesLabel string, yes func()) {
	d := dialog.NewCustomConfirm(title, yesLabel, a.loc.T("VaultCancel"), a.ui(question, text.Body), func(ok bool) {
		if ok {
			yes()
		}
	}, a.win)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Resize(fyne.NewSize(340, 300))
	d.Show()
}

func (a *App) changePassphraseScreen() screen {
	return screen{
		vault: true,
		title: func() string { return a.loc.T("VaultChangePassphrase") },
		body: func() fyne.CanvasObject {
			status := text.Plain("", a.loc.Tag(), text.Strong, nil)
			var cur, next, again *widget.Entry
			change := func() {
				switch {
				case len([]rune(next.Text)) < vault.MinPassphrase:
					status.SetText(a.loc.T("VaultTooShort", "Count", vault.MinPassphrase))
				case next.Text != again.Text:
					status.SetText(a.loc.T("VaultMismatch"))
				default:
					status.SetText(a.loc.T("VaultWorking"))
					o, n := cur.Text, next.Text
					a.inBackground(func() error { return a.docs.vault.ChangePassphrase(o, n) }, func(err error) {
						if err != nil {
							status.SetText(a.vaultMessage(err))
							return
						}
						a.docs.message = a.loc.T("VaultPassphraseChanged")
						a.back()
					})
				}
			}
			cur = a.passField(a.loc.T("VaultCurrentPassphrase"), func() { a.win.Canvas().Focus(next) })
			next = a.passField(a.loc.T("VaultNewPassphrase"), func() { a.win.Canvas().Focus(again) })
			again = a.passField(a.loc.T("VaultPassphraseAgain"), change)
			return vbox(
				a.ui(a.loc.T("VaultSetupGuide"), text.Small),
				a.ui(a.loc.T("VaultCurrentPassphrase"), text.Strong), cur,
				a.ui(a.loc.T("VaultNewPassphrase"), text.Strong), next,
				a.ui(a.loc.T("VaultPassphraseAgain"), text.Strong), again,
				status,
				a.button(a.loc.T("VaultChangePassphrase"), theme.ConfirmIcon(), change),
			)
		},
	}
}

// inBackground runs work (a passphrase check takes about a second) off
// the UI goroutine and hands its result to done on it.
func (a *App) inBackground(work func() error, done func(error)) {
	a.background(func() {
		err := work()
		fyne.Do(func() { done(err) })
	})
}

// background runs f off the UI goroutine (App.work, Options.Background).
func (a *App) background(f func()) { a.work(f) }

// vaultMessage says what went wrong in the reader's language.
func (a *App) vaultMessage(err error) string {
	var wait *vault.WaitError
	switch {
	case errors.As(err, &wait):
		return a.loc.T("VaultWait", "Time", a.loc.Time(wait.Until))
	case errors.Is(err, vault.ErrWrongPassphrase):
		return a.loc.T("VaultWrongPassphrase")
	case errors.Is(err, vault.ErrShortPassphrase):
		return a.loc.T("VaultTooShort", "Count", vault.MinPassphrase)
	case errors.Is(err, vault.ErrUnsupportedKind):
		return a.loc.T("VaultNotSupported")
	case errors.Is(err, vault.ErrTooLarge):
		return a.loc.T("VaultTooLarge")
	case errors.Is(err, vault.ErrDamagedDocument), errors.Is(err, vault.ErrMissingDocument):
		return a.loc.T("VaultDamaged")
	}
	return a.loc.T("VaultError", "Error", err.Error())
}

func (a *App) vaultError(err error) fyne.CanvasObject {
	if errors.Is(err, vault.ErrLocked) {
		return a.vaultUnlock()
	}
	return a.ui(a.vaultMessage(err), text.Strong)
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

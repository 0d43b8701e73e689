package app

import (
	"errors"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/userdata"
	"safar.app/safar/userdata/backup"
)

// backupSection is the part of Settings about backups: the one-time
// reminder after a large change, Back up and Restore.
func (a *App) backupSection() fyne.CanvasObject {
	box := vbox(a.ui(a.loc.T("BackupHeading"), text.Strong))
	if a.docs.message != "" { // the result of a restore
		box.Add(a.ui(a.docs.message, text.Strong))
		a.docs.message = ""
	}
	if a.user.BackupDue() {
		// Shown once: the reminder is marked as given when it is drawn.
		box.Add(a.ui(a.loc.T("BackupReminder"), text.Strong))
		if err := a.user.BackupReminded(); err != nil {
			fyne.LogError("backup reminder", err)
		}
	}
	box.Add(a.ui(a.loc.T("BackupHint"), text.Small))
	if a.user.Path() != "" && !a.user.ReadOnly() {
		box.Add(a.button(a.loc.T("BackupMake"), theme.DocumentSaveIcon(), func() { a.push(a.backupScreen()) }))
	}
	box.Add(a.button(a.loc.T("BackupRestore"), theme.HistoryIcon(), func() { a.push(a.restoreScreen()) }))
	return box
}

// restoreOnFirstRun offers a new install the reader's data from a backup,
// before any question: a new phone should not need the first run again.
func (a *App) restoreOnFirstRun() fyne.CanvasObject {
	if a.user.Path() == "" || a.user.ReadOnly() {
		return widget.NewSeparator()
	}
	return vbox(widget.NewSeparator(), a.button(a.loc.T("BackupRestore"), theme.HistoryIcon(), func() { a.push(a.restoreScreen()) }))
}

// backupScreen asks for the backup's passphrase and where to write it.
func (a *App) backupScreen() screen {
	return screen{
		title: func() string { return a.loc.T("BackupMake") },
		body: func() fyne.CanvasObject {
			status := text.Plain("", a.loc.Tag(), text.Strong, nil)
			var pass, again *widget.Entry
			write := func() {
				switch {
				case len([]rune(pass.Text)) < 8:
					status.SetText(a.loc.T("VaultTooShort", "Count", 8))
					return
				case pass.Text != again.Text:
					status.SetText(a.loc.T("VaultMismatch"))
					return
				}
				p := pass.Text
				name := "safar-" + a.now().Format("2006-01-02") + backup.Extension
				a.docs.pickSave(name, func(w fyne.URIWriteCloser) {
					status.SetText(a.loc.T("VaultWorking"))
					var m backup.Manifest
					a.inBackground(func() error {
						var err error
						m, err = backup.Write(w, a.user, filepath.Join(filepath.Dir(a.user.Path()), userdata.VaultDir), p, a.now(), a.opts.VaultLogN)
						if cerr := w.Close(); err == nil {
							err = cerr
						}
						return err
					}, func(err error) {
						if err != nil {
							status.SetText(a.loc.T("VaultError", "Error", err.Error()))
							return
						}
						a.user.BackupReminded()
						status.SetText(a.loc.T("BackupSaved", "Count", m.Documents))
					})
				})
			}
			pass = a.passField(a.loc.T("VaultPassphrase"), func() { a.win.Canvas().Focus(again) })
			again = a.passField(a.loc.T("VaultPassphraseAgain"), write)
			return vbox(
				a.ui(a.loc.T("BackupHint"), text.Body),
				a.ui(a.loc.T("BackupPassphraseHint"), text.Body),
				a.ui(a.loc.T("VaultPassphrase"), text.Strong), pass,
				a.ui(a.loc.T("VaultPassphraseAgain"), text.Strong), again,
				status,
				a.button(a.loc.T("BackupChooseWhere"), theme.DocumentSaveIcon(), write),
			)
		},
	}
}

// restoreScreen reads a backup chosen by the reader, shows what it holds
// and when it was made, and replaces the reader's data only when asked.
func (a *App) restoreScreen() screen {
	var file fyne.URIReadCloser
	var staged *backup.Staged
	return screen{
		title: func() string { return a.loc.T("BackupRestore") },
		body: func() fyne.CanvasObject {
			status := text.Plain("", a.loc.Tag(), text.Strong, nil)
			if a.user.Path() == "" || a.user.ReadOnly() {
				return a.ui(a.loc.T("UserDataReadOnly"), text.Body)
			}
			if staged != nil {
				m := staged.Manifest
				replace := a.button(a.loc.T("BackupReplace"), theme.ConfirmIcon(), func() {
					status.SetText(a.loc.T("VaultWorking"))
					if a.docs.vault != nil {
						a.docs.vault.Lock()
					}
					s := staged
					a.inBackground(func() error { return s.Restore(a.user) }, func(err error) {
						staged = nil
						if err != nil {
							status.SetText(a.loc.T("VaultError", "Error", err.Error()))
							return
						}
						a.restored2()
					})
				})
				replace.Importance = widget.DangerImportance
				return vbox(
					a.ui(a.loc.T("BackupContents", "Date", a.loc.DateTime(m.Created.In(time.Local)), "Documents", m.Documents,
						"Saved", m.Rows("saved_item"), "Summaries", m.Rows("conversation")), text.Body),
					a.ui(a.loc.T("BackupReplaceWarning"), text.Strong),
					status,
					replace,
					a.button(a.loc.T("VaultCancel"), theme.CancelIcon(), func() { staged.Discard(); staged = nil; a.back() }),
				)
			}
			var pass *widget.Entry
			open := func() {
				if file == nil {
					return
				}
				status.SetText(a.loc.T("VaultWorking"))
				p, f := pass.Text, file
				a.inBackground(func() error {
					s, err := backup.Unpack(f, p, filepath.Dir(a.user.Path()))
					staged = s
					return err
				}, func(err error) {
					if err != nil {
						file.Close()
						file = nil
						status.SetText(a.backupMessage(err))
						return
					}
					file.Close()
					file = nil
					a.show()
				})
			}
			pass = a.passField(a.loc.T("VaultPassphrase"), open)
			chosen := a.ui("", text.Small)
			if file != nil {
				chosen = a.ui(file.URI().Name(), text.Small)
			}
			return vbox(
				a.button(a.loc.T("BackupChooseFile"), theme.FolderOpenIcon(), func() {
					a.docs.pickOpen([]string{backup.Extension}, func(r fyne.URIReadCloser) {
						if file != nil {
							file.Close()
						}
						file = r
						a.show()
					})
				}),
				chosen,
				a.ui(a.loc.T("VaultPassphrase"), text.Strong), pass,
				status,
				a.button(a.loc.T("BackupRestore"), theme.HistoryIcon(), open),
			)
		},
	}
}

// restored2 reloads everything after a restore: the settings (language
// included) come from the backup.
func (a *App) restored2() {
	if st, err := a.user.Settings(); err == nil {
		a.settings = st
		a.applyLanguage(st.Lang)
	}
	a.userStart = userdata.Startup{}
	a.docs.message = a.loc.T("BackupRestored")
	if a.settings.Onboarded && a.settings.Country != "" {
		a.stack = []screen{a.homeScreen(), a.settingsScreen()}
	} else {
		a.stack = []screen{a.languageScreen()}
	}
	a.show()
}

func (a *App) backupMessage(err error) string {
	var future *backup.FutureError
	switch {
	case errors.As(err, &future):
		return a.loc.T("BackupFuture")
	case errors.Is(err, backup.ErrNotBackup):
		return a.loc.T("BackupNotSafar")
	case errors.Is(err, backup.ErrDamaged):
		return a.loc.T("BackupDamaged")
	case errors.Is(err, backup.ErrWrongPassphrase), errors.Is(err, backup.ErrMissingPassphrase):
		return a.loc.T("BackupWrongPassphrase")
	}
	return a.loc.T("VaultError", "Error", err.Error())
}

// userDataNotices are the lines at the top of every screen about user.db:
// damaged and kept aside (with Restore from backup), or read-only.
func (a *App) userDataNotices() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	st := a.userStart
	if st.Damaged {
		restore := a.button(a.loc.T("BackupRestore"), theme.HistoryIcon(), func() { a.push(a.restoreScreen()) })
		close := a.button(a.loc.T("Close"), nil, func() { a.userStart.Damaged = false; a.show() })
		out = append(out, vbox(a.ui(a.loc.T("UserDataDamaged", "File", filepath.Base(st.MovedTo)), text.Small), a.grid(2, restore, close)))
	}
	if st.ReadOnly {
		out = append(out, a.ui(a.loc.T("UserDataReadOnly"), text.Small))
	}
	return out
}

// checkUserData runs quick_check over user.db in the background; damage
// the start-up check missed is then handled as at start-up: the file is
// kept aside, a new one started, and the reader told.
func (a *App) checkUserData() {
	if a.user.Path() == "" || a.user.ReadOnly() {
		return
	}
	a.background(func() {
		err := a.user.QuickCheck()
		var damage *userdata.DamageError
		if !errors.As(err, &damage) {
			if err != nil {
				fyne.LogError("user.db quick_check", err)
			}
			return
		}
		st, serr := a.user.SetAside(err.Error())
		if serr != nil {
			fyne.LogError("user.db set aside", serr)
		}
		fyne.Do(func() {
			if a.docs.vault != nil {
				a.docs.vault.Lock()
			}
			a.userStart = st
			a.save() // the choices made in this session go into the new file
			a.show()
		})
	})
}

package app

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
)

// importUpdate lets the reader pick an update to install: a .zip file or
// a feed folder, from a USB stick or a download. A phone shows its own
// picker, in the phone's language. On a desktop Safar shows its own, in
// the reader's language: Fyne's file dialog speaks only the system's
// language, and has no Arabic, Dari, Pashto, Tigrinya or Somali.
func (a *App) importUpdate() {
	if fyne.CurrentDevice().IsMobile() {
		dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			path := r.URI().Path()
			r.Close()
			a.push(a.updateScreen(path))
		}, a.win)
		return
	}
	a.push(a.pickerScreen(a.pickStart()))
}

// pickStart is the folder the picker opens in: Downloads when there is
// one, else the home folder.
func (a *App) pickStart() string {
	if a.pickFrom != "" {
		return a.pickFrom
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return string(filepath.Separator)
	}
	if st, err := os.Stat(filepath.Join(home, "Downloads")); err == nil && st.IsDir() {
		return filepath.Join(home, "Downloads")
	}
	return home
}

// isFeedFolder reports whether dir holds a feed: its signed metadata.
func isFeedFolder(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "metadata", "timestamp.json"))
	return err == nil
}

// pickerScreen browses folders for an update. Moving between folders
// stays on one screen, so Back returns to Settings.
func (a *App) pickerScreen(start string) screen {
	dir := start
	return screen{
		title: func() string { return a.loc.T("PickUpdateTitle") },
		body: func() fyne.CanvasObject {
			open := func(path string) {
				a.stack = a.stack[:len(a.stack)-1] // the picker is done
				a.push(a.updateScreen(path))
			}
			box := vbox(a.ui(a.loc.T("PickUpdateHint"), text.Small),
				text.Plain(dir, "en", text.Strong, nil)) // a path reads left to right; its digits are no phone number
			if isFeedFolder(dir) {
				use := a.button(a.loc.T("PickUseFolder"), theme.ConfirmIcon(), func() { open(dir) })
				use.Importance = widget.HighImportance
				box.Add(use)
			}
			if parent := filepath.Dir(dir); parent != dir {
				box.Add(a.button(a.loc.T("PickUp"), theme.MoveUpIcon(), func() {
					dir = parent
					a.show()
				}))
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				box.Add(a.problemView(problem{message: a.loc.T("PickCannotRead"), detail: err.Error()}))
				return box
			}
			sort.Slice(entries, func(i, j int) bool {
				return strings.ToLower(entries[i].Name()) < strings.ToLower(entries[j].Name())
			})
			shown := 0
			for _, e := range entries {
				name := e.Name()
				path := filepath.Join(dir, name)
				switch {
				case strings.HasPrefix(name, "."):
					continue
				case e.IsDir():
					box.Add(a.buttonIn(name, "en", theme.FolderIcon(), func() {
						dir = path
						a.show()
					}))
				case strings.EqualFold(filepath.Ext(name), ".zip"):
					b := a.buttonIn(name, "en", theme.FileIcon(), func() { open(path) })
					b.Importance = widget.HighImportance
					box.Add(b)
				default:
					continue
				}
				shown++
			}
			if shown == 0 {
				box.Add(a.ui(a.loc.T("PickNothingHere"), text.Body))
			}
			return box
		},
	}
}

package text

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Role is what a piece of text is on a screen; it decides size and weight.
type Role int

const (
	Body Role = iota
	Title
	Heading
	Strong
	Small
	Patient // a phrase shown to a patient: large, read at arm's length
)

// style is the size and weight of the role.
func (r Role) style() (fyne.ThemeSizeName, bool) {
	switch r {
	case Title:
		return theme.SizeNameHeadingText, true
	case Heading:
		return theme.SizeNameSubHeadingText, true
	case Strong:
		return theme.SizeNameText, true
	case Small:
		return theme.SizeNameCaptionText, false
	case Patient:
		return SizeNamePatient, true
	}
	return theme.SizeNameText, false
}

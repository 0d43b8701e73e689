package app

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/content/store"
	"safar.app/safar/locales"
)

// topicScreen lists a topic's articles for the reader's country, those for
// their journey stage first, then the topic's services.
func (a *App) topicScreen(tp topic) screen {
	return a.countryTopicScreen(a.settings.Country, "", tp)
}

// countryTopicScreen lists a topic of any country: the destination's, or
// the before-departure guidance of the country the reader leaves. title
// replaces the topic's name when set.
func (a *App) countryTopicScreen(country, title string, tp topic) screen {
	return screen{
		title: func() string {
			if title != "" {
				return title
			}
			return a.loc.T(tp.message)
		},
		body: func() fyne.CanvasObject {
			items, err := a.content.Items(country, tp.kinds, content.Stage(a.settings.Stage), a.chain())
			if err != nil {
				return a.errorText(err)
			}
			services, err := a.content.Services(country, tp.kinds, a.chain())
			if err != nil {
				return a.errorText(err)
			}
			box := container.NewVBox()
			for _, it := range items {
				box.Add(a.itemCard(it))
			}
			// Services of the whole country first, then each city's under
			// its name, so a reader in Berlin finds Berlin's together.
			var regions []string
			byRegion := map[string][]store.Service{}
			for _, sv := range services {
				if byRegion[sv.Region] == nil && sv.Region != content.NationalRegion {
					regions = append(regions, sv.Region)
				}
				byRegion[sv.Region] = append(byRegion[sv.Region], sv)
			}
			sort.Strings(regions)
			if national := byRegion[content.NationalRegion]; len(national) > 0 {
				box.Add(a.ui(a.loc.T("Services"), text.Heading))
				for _, sv := range national {
					box.Add(a.serviceCard(sv))
				}
			}
			for _, r := range regions {
				name, _ := a.content.CountryName(country+"/"+r, a.chain())
				box.Add(a.ui(name, text.Heading))
				for _, sv := range byRegion[r] {
					box.Add(a.serviceCard(sv))
				}
			}
			if len(items) == 0 && len(services) == 0 {
				box.Add(a.ui(a.loc.T("NoItems"), text.Body))
			}
			return box
		},
	}
}

// itemCard is an article's entry in a list: its title and summary, marked
// when it is not in the reader's language.
func (a *App) itemCard(it store.ItemSummary) fyne.CanvasObject {
	var other fyne.CanvasObject
	if it.OtherLanguage {
		other = a.ui(a.loc.T("ShownInOtherLanguage", "Language", locales.NameOf(it.Lang)), text.Small)
	}
	body := vbox(a.para(it.Title, it.Lang, text.Strong), a.para(it.Summary, it.Lang, text.Body), other)
	return text.NewCard(it.Title, body, func() { a.push(a.articleScreen(it.ID)) })
}

func (a *App) articleScreen(id string) screen {
	var title string
	return screen{
		title: func() string { return title },
		body: func() fyne.CanvasObject {
			art, err := a.content.Article(id, a.chain())
			if err != nil {
				return a.errorText(err)
			}
			title = art.Title
			pv := art.Provenance
			var overdue, machine, other fyne.CanvasObject
			if pv.Overdue(a.today()) {
				overdue = a.warning(a.loc.T("ReviewOverdue", "Date", a.day(pv.ReviewBy)))
			}
			if art.Status == content.StatusMachine {
				machine = a.ui(a.loc.T("MachineTranslated"), text.Small)
			}
			if art.OtherLanguage {
				other = a.ui(a.loc.T("ShownInOtherLanguage", "Language", locales.NameOf(art.Lang)), text.Small)
			}
			country, _, _ := strings.Cut(id, "-")
			return vbox(
				a.para(art.Title, art.Lang, text.Title),
				overdue, other, machine,
				a.saveToggle(a.savedItem(art, country)),
				a.para(art.Summary, art.Lang, text.Strong),
				a.markdown(art.Body, art.Lang),
				widget.NewSeparator(),
				a.provenance(pv),
				a.storyConsent(id),
				a.reportButton(id, art.Title),
			)
		},
	}
}

// provenance says who stands behind a text, where it comes from (every
// page it rests on, the main one first) and when a person last checked it.
func (a *App) provenance(pv content.Provenance) fyne.CanvasObject {
	parts := []fyne.CanvasObject{
		a.ui(a.loc.T("PublishedBy", "Publisher", pv.Publisher), text.Small),
		a.ui(a.loc.T("CheckedOn", "Date", a.day(pv.ReviewedOn)), text.Small),
		a.ui(a.loc.T("SourceLink"), text.Small),
	}
	for _, s := range pv.Sources() {
		parts = append(parts, a.link(s))
	}
	return vbox(parts...)
}

// warning is text that must not be overlooked.
func (a *App) warning(s string) fyne.CanvasObject {
	icon := widget.NewIcon(theme.WarningIcon())
	if a.rtl() {
		return container.NewBorder(nil, nil, nil, icon, a.ui(s, text.Strong))
	}
	return container.NewBorder(nil, nil, icon, nil, a.ui(s, text.Strong))
}

// serviceCard shows an office: name, what it does and how to reach it.
func (a *App) serviceCard(sv store.Service) fyne.CanvasObject {
	parts := []fyne.CanvasObject{a.para(sv.Name, sv.Lang, text.Strong), a.para(sv.Description, sv.Lang, text.Body)}
	if sv.Address != "" {
		parts = append(parts, a.ui(a.loc.T("Address")+": "+sv.Address, text.Small))
	}
	if sv.Hours != "" {
		parts = append(parts, a.openState(sv.Hours), a.ui(a.loc.T("OpeningHours")+": "+sv.Hours, text.Small))
	}
	if sv.Phone != "" {
		parts = append(parts, a.callButton(sv.Phone))
	}
	if sv.Website != "" {
		parts = append(parts, a.link(sv.Website))
	}
	country, _, _ := strings.Cut(sv.ID, "-")
	parts = append(parts, a.saveToggle(a.savedService(sv, country)))
	parts = append(parts, a.ui(a.loc.T("PublishedBy", "Publisher", sv.Provenance.Publisher)+" · "+
		a.loc.T("CheckedOn", "Date", a.day(sv.Provenance.ReviewedOn)), text.Small), a.reportButton(sv.ID, sv.Name))
	return container.NewPadded(vbox(parts...))
}

// serviceScreen shows one service, for links and search results.
func (a *App) serviceScreen(id string) screen {
	var title string
	return screen{
		title: func() string { return title },
		body: func() fyne.CanvasObject {
			country, _, _ := strings.Cut(id, "-")
			services, err := a.content.Services(country, []content.Kind{content.KindService, content.KindProgramme}, a.chain())
			if err != nil {
				return a.errorText(err)
			}
			for _, sv := range services {
				if sv.ID == id {
					title = sv.Name
					return a.serviceCard(sv)
				}
			}
			return a.ui(a.loc.T("NoItems"), text.Body)
		},
	}
}

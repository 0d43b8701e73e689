package content

import (
	"net/mail"
	"net/url"
	"sort"
	"strings"
)

// FeedbackChannel is how readers reach the publisher of a folder of the content
// tree: an email address or a web form. Each publisher declares one in
// <folder>/publisher.toml; a deeper folder's channel (de/berlin/) serves the
// items under it instead of its parent's (de/). The app keeps them in
// content.db, so a reader can write to a publisher offline and send later.
type FeedbackChannel struct {
	// Folder is the folder of the tree the channel serves, with a trailing
	// slash: "de/", "de/berlin/".
	Folder string
	// Mailto is an email address (without "mailto:"), when the channel is email.
	Mailto string `json:",omitempty"`
	// Form is an https:// address, when the channel is a web form; Params
	// name its parameters.
	Form string `json:",omitempty"`
	// Params maps a report's fields (FeedbackFields) to the form's
	// parameter names. "text" is required: it carries the whole report.
	Params map[string]string `json:",omitempty"`
}

// The fields of a report a form may take as parameters of its own.
const (
	FieldID         = "id"
	FieldPublisher  = "publisher"
	FieldRelease    = "release"
	FieldLanguage   = "language"
	FieldAppVersion = "app_version"
	FieldCategory   = "category"
	FieldText       = "text"
)

// FeedbackFields lists every field a report carries, in message order.
var FeedbackFields = []string{FieldID, FieldPublisher, FieldRelease, FieldLanguage, FieldAppVersion, FieldCategory, FieldText}

// ChannelProblem is one thing wrong with a channel, with the key to fix.
type ChannelProblem struct{ Key, Message string }

// Check lists what is wrong with c. Only mailto: and https: are accepted:
// the app hands the address to the system to open.
func (c FeedbackChannel) Check() []ChannelProblem {
	var ps []ChannelProblem
	add := func(key, msg string) { ps = append(ps, ChannelProblem{key, msg}) }
	switch {
	case c.Mailto == "" && c.Form == "":
		add("feedback", "no feedback channel: set feedback.mailto (an email address) or feedback.form (an https:// form)")
	case c.Mailto != "" && c.Form != "":
		add("form", "set one of feedback.mailto and feedback.form, not both")
	case c.Mailto != "":
		if !ValidEmail(c.Mailto) {
			add("mailto", "feedback.mailto "+quote(c.Mailto)+" is not an email address (write it without \"mailto:\")")
		}
		if len(c.Params) > 0 {
			add("params", "feedback.params are for a form, not an email address")
		}
	default:
		u, err := url.Parse(c.Form)
		if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || u.Fragment != "" {
			add("form", "feedback.form "+quote(c.Form)+" must be an https:// address without a #fragment")
		}
		if c.Params[FieldText] == "" {
			add("params", "feedback.params needs \"text\": the form's parameter that takes the report")
		}
		known := map[string]bool{}
		for _, f := range FeedbackFields {
			known[f] = true
		}
		used := map[string]string{}
		fields := make([]string, 0, len(c.Params))
		for f := range c.Params {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		for _, f := range fields {
			name := c.Params[f]
			switch {
			case !known[f]:
				add(f, "feedback.params: unknown field "+quote(f)+" (known: "+strings.Join(FeedbackFields, ", ")+")")
			case strings.TrimSpace(name) == "":
				add(f, "feedback.params."+f+" is empty")
			case used[name] != "":
				add(f, "feedback.params: "+f+" and "+used[name]+" both use the parameter "+quote(name))
			}
			used[name] = f
		}
	}
	return ps
}

// ValidEmail reports whether s is a bare email address with a dotted domain.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	at := strings.LastIndex(s, "@")
	return err == nil && a.Address == s && at > 0 && strings.Contains(s[at+1:], ".")
}

func quote(s string) string { return `"` + s + `"` }

// ChannelFor is the channel that serves path (an item's "de/berlin/entry/x"
// or a record's "de/"): the one of the deepest folder that holds it.
func ChannelFor(channels []FeedbackChannel, path string) (FeedbackChannel, bool) {
	best, found := FeedbackChannel{}, false
	for _, c := range channels {
		if strings.HasPrefix(path, c.Folder) && (!found || len(c.Folder) > len(best.Folder)) {
			best, found = c, true
		}
	}
	return best, found
}

// ChannelRef is how Validate names a folder's channel in a Ref.
func ChannelRef(folder string) string { return "publisher " + folder }

// validateFeedback checks the channels, and that every story says how the
// person agreed to publish it. Stories are people's lives: one without
// consent must never reach a reader.
func (p *Pack) validateFeedback(addAt func(Ref, string, ...any)) {
	folders := map[string]bool{}
	regions := map[string]bool{}
	for _, c := range p.Countries {
		for _, r := range c.Regions {
			regions[c.Code+"/"+r.Code+"/"] = true
		}
		regions[c.Code+"/"+NationalRegion+"/"] = true
	}
	for _, c := range p.Channels {
		ref := ChannelRef(c.Folder)
		parts := strings.Split(strings.TrimSuffix(c.Folder, "/"), "/")
		switch {
		case c.Folder == "" || !strings.HasSuffix(c.Folder, "/") || strings.HasPrefix(c.Folder, "/") || len(parts) > 2:
			addAt(Ref{ID: ref}, "channel folder %q must be a top folder or <cc>/<region>/, ending in /", c.Folder)
		case len(parts) == 2 && !regions[c.Folder]:
			addAt(Ref{ID: ref}, "%s is not a region of %s: declare it in %s/country.toml", parts[1], parts[0], parts[0])
		}
		if folders[c.Folder] {
			addAt(Ref{ID: ref}, "two feedback channels for %s", c.Folder)
		}
		folders[c.Folder] = true
		for _, m := range c.Check() {
			addAt(Ref{ID: ref, Key: m.Key}, "%s", m.Message)
		}
	}
	for _, it := range p.Items {
		switch {
		case it.Kind == KindStory && strings.TrimSpace(it.Consent) == "":
			addAt(Ref{ID: it.ID, Key: "consent"}, "a story needs consent: say how the person agreed to publish it (consent = \"…\")")
		case it.Kind != KindStory && it.Consent != "":
			addAt(Ref{ID: it.ID, Key: "consent"}, "consent belongs to stories only, not to kind %s", it.Kind)
		}
	}
}

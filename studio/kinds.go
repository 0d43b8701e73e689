package studio

import (
	"fmt"
	"strings"

	"safar.app/safar/content"
)

// FieldType says how a field is edited and checked.
type FieldType string

const (
	Text     FieldType = "text"     // one line
	Long     FieldType = "long"     // a few lines of plain text
	Markdown FieldType = "markdown" // an article's body, in Safar's Markdown subset
	Date     FieldType = "date"     // YYYY-MM-DD
	URL      FieldType = "url"      // an https:// page
	URLs     FieldType = "urls"     // several https:// pages, comma-separated
	Phone    FieldType = "phone"    // checked with content/phone as the editor types
	Hours    FieldType = "hours"    // OpenStreetMap opening_hours, with "open now"
	Choice   FieldType = "choice"   // one of Choices
	List     FieldType = "list"     // comma-separated words or language tags
	Number   FieldType = "number"   // a decimal number
	Fixed    FieldType = "fixed"    // shown, not edited (an id, a kind)
)

// Field is one key of a kind's files, as its form shows it.
type Field struct {
	Key      string // the TOML key ("body" is an article's Markdown)
	Type     FieldType
	Choices  []string
	Required bool
}

// Kind is one kind of item the Studio edits: its fields, where its files
// live and how they are read and written. Adding a kind is one more entry
// in Kinds with its storage.
type Kind struct {
	Name   string  // "article", "hotline", …: the registry key and its message id suffix
	Record []Field // the item's own fields, in the original only
	Texts  []Field // each language's fields
	store  storage
	// newItem is the template of a new item: the files to create for
	// folder (cc/ or cc/region/) and slug, in the original language lang.
	newItem func(ed *edit, folder, slug, lang, sub string, today content.Date) (id string, err error)
	// Subkinds are the choices for the new-item form (an article's kind).
	Subkinds []string
}

var provenance = []Field{
	{Key: "publisher", Type: Text, Required: true},
	{Key: "source", Type: URL},
	{Key: "sources", Type: URLs},
	{Key: "checked", Type: Text},
	{Key: "reviewed_on", Type: Date, Required: true},
	{Key: "review_by", Type: Date, Required: true},
}

var statuses = []string{string(content.StatusOriginal), string(content.StatusReviewed), string(content.StatusMachine)}

func kindNames() []string {
	var out []string
	for _, k := range content.Kinds {
		out = append(out, string(k))
	}
	return out
}

func stageNames() []string {
	var out []string
	for _, s := range content.Stages {
		out = append(out, string(s))
	}
	return out
}

func purposeNames() []string {
	var out []string
	for _, p := range content.Purposes {
		out = append(out, string(p))
	}
	return out
}

func channelNames() []string {
	var out []string
	for _, c := range content.Channels {
		out = append(out, string(c))
	}
	return out
}

// Kinds is the registry, in the order the overview and the new-item form
// list them.
var Kinds = []*Kind{
	{
		Name: "article",
		Record: append([]Field{
			{Key: "id", Type: Fixed},
			{Key: "kind", Type: Fixed},
			{Key: "stages", Type: List, Choices: stageNames(), Required: true},
		}, provenance...),
		Texts: []Field{
			{Key: "status", Type: Choice, Choices: statuses, Required: true},
			{Key: "title", Type: Text, Required: true},
			{Key: "summary", Type: Long, Required: true},
			{Key: "search_terms", Type: List},
			{Key: "body", Type: Markdown, Required: true},
		},
		store:    articleStore{},
		newItem:  newArticle,
		Subkinds: kindNames(),
	},
	{
		Name: "hotline",
		Record: append([]Field{
			{Key: "id", Type: Fixed},
			{Key: "number", Type: Phone, Required: true},
			{Key: "purpose", Type: Choice, Choices: purposeNames(), Required: true},
			{Key: "hours", Type: Hours},
			{Key: "languages", Type: List},
		}, provenance...),
		Texts: []Field{
			{Key: "status", Type: Choice, Choices: statuses, Required: true},
			{Key: "label", Type: Text, Required: true},
			{Key: "note", Type: Long},
		},
		store:   recordStore{table: "hotline", file: func(folder string) string { return country(folder) + "/hotlines.toml" }},
		newItem: newRecord("hotline", "hl"),
	},
	serviceKind("service"),
	serviceKind("programme"),
	{
		Name: "checklist",
		Record: append([]Field{
			{Key: "id", Type: Fixed},
			{Key: "stage", Type: Choice, Choices: stageNames(), Required: true},
		}, provenance...),
		Texts: []Field{
			{Key: "status", Type: Choice, Choices: statuses, Required: true},
			{Key: "title", Type: Text, Required: true},
		},
		store:    checklistFiles,
		newItem:  newChecklist,
		Subkinds: stageNames(),
	},
	{
		Name: "remittance",
		Record: append([]Field{
			{Key: "id", Type: Fixed},
			{Key: "send_currency", Type: Text, Required: true},
			{Key: "receive_country", Type: Text, Required: true},
			{Key: "receive_currency", Type: Text, Required: true},
			{Key: "mid_rate", Type: Number},
			{Key: "mid_rate_date", Type: Date},
			{Key: "mid_rate_source", Type: URL},
			{Key: "data_source", Type: Text},
			{Key: "register", Type: URL},
		}, provenance...),
		store:   recordStore{table: "corridor", file: func(folder string) string { return country(folder) + "/remittance.toml" }},
		newItem: newRecord("corridor", "remit"),
	},
	{
		Name: "phrases",
		Record: append([]Field{
			{Key: "category", Type: Fixed},
			{Key: "order", Type: Number, Required: true},
		}, provenance...),
		Texts: []Field{
			{Key: "status", Type: Choice, Choices: statuses, Required: true},
			{Key: "name", Type: Text, Required: true},
		},
		store:   phraseFiles,
		newItem: newPhrases,
	},
}

func serviceKind(name string) *Kind {
	return &Kind{
		Name: name,
		Record: append([]Field{
			{Key: "id", Type: Fixed},
			{Key: "kind", Type: Fixed},
			{Key: "phone", Type: Phone},
			{Key: "website", Type: URL},
			{Key: "address", Type: Text},
			{Key: "hours", Type: Hours},
			{Key: "languages", Type: List},
			{Key: "lat", Type: Number},
			{Key: "lon", Type: Number},
		}, provenance...),
		Texts: []Field{
			{Key: "status", Type: Choice, Choices: statuses, Required: true},
			{Key: "name", Type: Text, Required: true},
			{Key: "description", Type: Long},
		},
		store:   recordStore{table: "service", file: func(folder string) string { return strings.TrimSuffix(folder, "/") + "/services.toml" }},
		newItem: newRecord("service", "svc"),
	}
}

// KindNamed is the registered kind called name, or nil.
func KindNamed(name string) *Kind {
	for _, k := range Kinds {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// field is the field of k with key, from the record or the texts.
func (k *Kind) field(key string) (Field, bool) {
	for _, f := range append(append([]Field{}, k.Record...), k.Texts...) {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

func country(folder string) string {
	cc, _, _ := strings.Cut(strings.TrimSuffix(folder, "/"), "/")
	return cc
}

// typed turns what a form field holds into the value written to the file:
// nil removes an optional key that was left empty.
func typed(f Field, s string) (any, error) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if f.Type != Markdown && f.Type != Long {
		s = strings.TrimSpace(s)
	}
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	switch f.Type {
	case Date:
		if _, err := content.ParseDate(s); err != nil {
			return nil, err
		}
		return rawDate(s), nil
	case Number:
		var x float64
		if _, err := fmt.Sscan(s, &x); err != nil {
			return nil, fmt.Errorf("%q is not a number", s)
		}
		return rawNumber(s), nil
	case URLs:
		return splitURLs(s), nil
	case List:
		var out []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out, nil
	case Long:
		return strings.TrimSpace(s), nil
	}
	return s, nil
}

// splitURLs splits a field of several addresses at its commas, except a
// comma inside an address: one that is not followed by a space or by
// another address (some state ministries' pages have one, as in
// https://km-bw.de/,Lde_DE/startseite). The form shows the addresses
// joined by ", ", so a saved field comes back as it was.
func splitURLs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		t := strings.TrimSpace(p)
		switch {
		case len(out) > 0 && t != "" && t == p && !strings.Contains(t, "://"):
			out[len(out)-1] += "," + p
		case t != "":
			out = append(out, t)
		}
	}
	return out
}

// Package feedback composes what a reader sends to a publisher: a report of
// a problem with an item, or a story they offer. It builds the text the
// reader sees and copies, and the address that opens it in their email app
// (mailto:, RFC 6068) or in the publisher's web form. It sends nothing: the
// app queues reports and opens the address only when the reader says Send.
package feedback

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"safar.app/safar/content"
)

// Category is what the reader says is wrong, or "story".
type Category string

const (
	WrongContact Category = "wrong-contact" // a wrong phone number or address
	Outdated     Category = "outdated"
	Unclear      Category = "unclear" // hard to understand
	Translation  Category = "translation"
	Other        Category = "other"
	Story        Category = "story" // "Share your story"
)

// Categories are the problems a reader can report, in the order offered.
var Categories = []Category{WrongContact, Outdated, Unclear, Translation, Other}

// Valid reports whether c is a known category.
func (c Category) Valid() bool {
	for _, k := range append(Categories, Story) {
		if c == k {
			return true
		}
	}
	return false
}

// Report is what goes to the publisher. It names the item and the content
// the reader saw; about the reader it says only their language and the
// app's version, and the text they chose to write.
type Report struct {
	ItemID     string // "" for a story, which is about no item
	Title      string // the item's title as the reader saw it, for the subject
	Publisher  string // the item's publisher
	Release    int64  // the installed release sequence
	Language   string // the reader's language (BCP 47)
	AppVersion string
	Category   Category
	Text       string // what the reader wrote; may be empty for a report
}

// Subject is the email subject.
func (r Report) Subject() string {
	if r.Category == Story {
		return "Safar: a story to share"
	}
	s := "Safar: problem report (" + string(r.Category) + ") " + r.ItemID
	if r.Title != "" {
		s += ": " + r.Title
	}
	return s
}

// Body is the report as plain text: fixed English labels the publisher can
// read and sort whatever language the reader writes in, then their text.
func (r Report) Body() string {
	var b strings.Builder
	line := func(label, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", label, v)
		}
	}
	line("Item", r.ItemID)
	line("Title", r.Title)
	line("Publisher", r.Publisher)
	line("Release", strconv.FormatInt(r.Release, 10))
	line("Language", r.Language)
	line("App version", r.AppVersion)
	line("Category", string(r.Category))
	if t := strings.TrimSpace(r.Text); t != "" {
		b.WriteString("\n" + t + "\n")
	}
	return b.String()
}

// Message is the whole message as the reader copies it: subject, then body.
func (r Report) Message() string { return r.Subject() + "\n\n" + r.Body() }

// ErrNoChannel: the publisher declared no way to reach them (a feed from
// before channels existed). The reader can still copy the text.
var ErrNoChannel = errors.New("the publisher has not said how to reach them")

// URL is the address that opens the report in channel c: an email draft
// for a mailto channel, the form with its fields filled for a form. Only
// mailto: and https: addresses come out of it, whatever the content says.
func URL(c content.FeedbackChannel, r Report) (string, error) {
	if c.Mailto == "" && c.Form == "" {
		return "", ErrNoChannel
	}
	if ps := c.Check(); len(ps) > 0 {
		return "", fmt.Errorf("feedback channel of %s: %s", c.Folder, ps[0].Message)
	}
	if c.Mailto != "" {
		return Mailto(c.Mailto, r.Subject(), r.Body()), nil
	}
	u, err := url.Parse(c.Form)
	if err != nil {
		return "", err
	}
	q := u.Query() // keep what the form's address carries (Google Forms' usp=pp_url)
	values := map[string]string{
		content.FieldID: r.ItemID, content.FieldPublisher: r.Publisher,
		content.FieldRelease: strconv.FormatInt(r.Release, 10), content.FieldLanguage: r.Language,
		content.FieldAppVersion: r.AppVersion, content.FieldCategory: string(r.Category),
		// The text field carries the whole report: a form that has no
		// field for the release still receives it.
		content.FieldText: r.Message(),
	}
	for _, f := range content.FeedbackFields {
		if name := c.Params[f]; name != "" {
			q.Set(name, values[f])
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// Mailto is a mailto: address (RFC 6068) for a draft to addr. Every byte
// outside the unreserved set is percent-encoded as UTF-8, spaces as %20
// (mail apps show a "+" as a plus) and line breaks as %0D%0A, so Arabic,
// Persian or Tigrinya text and bidi marks arrive as typed.
func Mailto(addr, subject, body string) string {
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")
	return "mailto:" + escape(addr) + "?subject=" + escape(subject) + "&body=" + escape(body)
}

// escape percent-encodes s for a mailto: address. QueryEscape writes a
// space as "+" and a plus as "%2B", so every "+" left is a space.
func escape(s string) string {
	e := url.QueryEscape(s)
	e = strings.ReplaceAll(e, "+", "%20")
	// The "@" of an address may stay as it is (RFC 6068 section 2).
	return strings.ReplaceAll(e, "%40", "@")
}

// EncodeChannel is c as text, for a report queued in user.db: the report
// can still be sent if an update later removes its item.
func EncodeChannel(c content.FeedbackChannel) string {
	data, err := json.Marshal(c)
	if err != nil {
		return "" // plain strings cannot fail to marshal
	}
	return string(data)
}

// DecodeChannel reads what EncodeChannel wrote; "" or damage gives no channel.
func DecodeChannel(s string) content.FeedbackChannel {
	var c content.FeedbackChannel
	if json.Unmarshal([]byte(s), &c) != nil {
		return content.FeedbackChannel{}
	}
	return c
}

// Package checkin writes "I'm safe" and "I need help" messages to the
// people the reader trusts, in each contact's language where Safar has it,
// and the addresses that hand them to the phone's own SMS, WhatsApp or mail
// app. Nothing is sent from here: Safar has no server, and the reader
// presses the button that opens their own app.
package checkin

import (
	"net/url"
	"strings"
	"time"

	"safar.app/safar/locales"
	"safar.app/safar/userdata"
)

// Kind is which message to write.
type Kind int

const (
	Safe Kind = iota // "I am safe"
	Help             // "I need help"
)

// Message is a composed message, ready to hand to an app or to copy.
type Message struct {
	Lang    string // the language it is written in (the contact's, or English)
	Subject string // for email
	Body    string
}

// Compose writes kind for contact c: where the reader is (a city picked
// from the content's places, or typed) and the time, in the contact's
// language when Safar's interface has it, else English.
func Compose(kind Kind, c userdata.Contact, place string, at time.Time) (Message, error) {
	loc, err := locales.New(c.Lang)
	if err != nil {
		return Message{}, err
	}
	// The date names its month (CLDR's long date in the contact's
	// language) and the offset says whose clock: the reader may be
	// hours away from the person reading.
	when := locales.FormatDateTime(loc.Tag(), at) + " (UTC" + at.Format("-07:00") + ")"
	place = strings.TrimSpace(place)
	subject, body := "CheckinSafeSubject", "CheckinSafeBody"
	if kind == Help {
		subject, body = "CheckinHelpSubject", "CheckinHelpBody"
	}
	if place == "" {
		body += "NoPlace"
	}
	return Message{
		Lang:    loc.Tag(),
		Subject: loc.T(subject),
		Body:    loc.T(body, "Place", place, "Time", when),
	}, nil
}

// escape percent-encodes s for a URI query value; spaces become %20, not
// "+", which sms: and mailto: (RFC 5724, RFC 6068) read literally.
func escape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// SMS is the sms: address (RFC 5724) that opens the phone's messaging app
// with the message to c's number, or "" when c has no number.
func SMS(c userdata.Contact, m Message) string {
	if c.Phone == "" {
		return ""
	}
	return "sms:" + c.Phone + "?body=" + escape(m.Body)
}

// WhatsApp is the https://wa.me/ address that opens a WhatsApp chat with c
// and the message typed in, or "" when c has no number. wa.me wants the
// number in international form with digits only.
func WhatsApp(c userdata.Contact, m Message) string {
	if c.Phone == "" {
		return ""
	}
	return "https://wa.me/" + strings.TrimPrefix(c.Phone, "+") + "?text=" + escape(m.Body)
}

// Mail is the mailto: address (RFC 6068) with subject and body, or "" when
// c has no email address. Line breaks are written CRLF as the RFC asks.
func Mail(c userdata.Contact, m Message) string {
	if c.Email == "" {
		return ""
	}
	body := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")
	to := strings.ReplaceAll(url.PathEscape(c.Email), "%40", "@")
	return "mailto:" + to + "?subject=" + escape(m.Subject) + "&body=" + escape(body)
}

// WithNumbers adds the emergency numbers of the country the reader is in
// to m, in the contact's language: whoever reads "I need help" abroad can
// tell the reader which number to call, or call on their behalf.
func WithNumbers(m Message, numbers []string) (Message, error) {
	if len(numbers) == 0 {
		return m, nil
	}
	loc, err := locales.New(m.Lang)
	if err != nil {
		return m, err
	}
	m.Body += "\n" + loc.T("CheckinNumbers", "Numbers", strings.Join(numbers, Comma(m.Lang)))
	return m, nil
}

// Comma is the list separator of lang: the Arabic comma in right-to-left
// languages written in Arabic script, else a Latin comma.
func Comma(lang string) string {
	if locales.RightToLeft(lang) {
		return "، "
	}
	return ", "
}

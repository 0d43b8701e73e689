package source

import (
	"io/fs"
	"sort"
	"strings"

	"safar.app/safar/content"
)

// PublisherFile declares how readers reach the publisher of its folder:
// <folder>/publisher.toml, in every top folder of the tree (a country,
// phrases/, search/) and, for a city publisher, in <cc>/<region>/.
const PublisherFile = "publisher.toml"

type publisherFile struct {
	Feedback struct {
		Mailto string            `toml:"mailto"`
		Form   string            `toml:"form"`
		Params map[string]string `toml:"params"`
	} `toml:"feedback"`
}

// publisher reads folder's publisher.toml into a feedback channel; the
// pack's Validate checks it, and locate names this file's lines.
func (l *loader) publisher(p, folder string) {
	var f publisherFile
	data, md, ok := l.readTOML(p, &f)
	if !ok {
		return
	}
	lines := l.lines(p, data)
	line := 1
	for i, ln := range lines {
		if strings.TrimSpace(ln) == "[feedback]" {
			line = i + 1
			break
		}
	}
	if !md.IsDefined("feedback") {
		l.problem(p, 1, "no [feedback] table: say how readers reach the publisher of %s (mailto = \"…\" or form = \"https://…\")", folder)
		l.reported[content.Ref{ID: content.ChannelRef(folder)}] = true
		l.reported[content.Ref{ID: content.ChannelRef(folder), Key: "feedback"}] = true
	}
	l.defs[content.ChannelRef(folder)] = def{id: content.ChannelRef(folder), file: p, lines: lines, line: line}
	l.pack.Channels = append(l.pack.Channels, content.FeedbackChannel{Folder: folder,
		Mailto: strings.TrimSpace(f.Feedback.Mailto), Form: strings.TrimSpace(f.Feedback.Form), Params: f.Feedback.Params})
}

// RequireChannels reports every top folder of the tree in fsys (a
// country, phrases/, search/) whose publisher declares no feedback channel
// in pack, as Load read it: a reader of its items would have no way to say
// that a number is wrong. The checker asks for it; an install takes a pack
// without one, and the app then offers only to copy the report.
func RequireChannels(fsys fs.FS, pack *content.Pack) []content.Problem {
	have := map[string]bool{}
	for _, c := range pack.Channels {
		have[c.Folder] = true
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil // Load reports an unreadable tree
	}
	var ps []content.Problem
	for _, e := range entries {
		folder := e.Name() + "/"
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || have[folder] {
			continue
		}
		if _, err := fs.Stat(fsys, folder+PublisherFile); err == nil {
			continue // there, but broken: reported where it is
		}
		ps = append(ps, content.Problem{Where: folder,
			Message: "no feedback channel: add " + folder + PublisherFile +
				" with [feedback] mailto = \"…\" or form = \"https://…\" (see docs/content-format.md)"})
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Where < ps[j].Where })
	return ps
}

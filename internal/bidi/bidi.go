// Package bidi resolves the embedding level of each character of a
// paragraph with the Unicode Bidirectional Algorithm and orders a line's
// characters for display (rules L1–L2). It wraps golang.org/x/text's
// implementation, which resolves levels but only reports runs by direction,
// and adds what display needs: levels, line reordering and isolation of
// pieces such as phone numbers that must read left to right.
package bidi

import (
	xbidi "golang.org/x/text/unicode/bidi"
)

// Isolation marks (U+2066 LRI … U+2069 PDI) set text apart as one
// left-to-right unit, so "116 117" stays in that order inside Arabic.
const (
	LRI = '\u2066'
	PDI = '\u2069'
)

// Levels resolves the embedding level of every rune of a paragraph whose
// direction is right-to-left when rtl is set.
//
// x/text reports maximal runs of one direction. Within a run of one
// direction the level is the lowest of that parity above the paragraph
// level, except numbers that follow right-to-left text in a left-to-right
// paragraph, which rule I1 raises to level 2; they are found by their
// bidi class. Explicit embeddings and overrides (which Safar's content never
// uses) are not modelled beyond what x/text resolves into runs; isolates are.
func Levels(text []rune, rtl bool) []int {
	levels := make([]int, len(text))
	if len(text) == 0 {
		return levels
	}
	base := 0
	dir := xbidi.LeftToRight
	if rtl {
		base, dir = 1, xbidi.RightToLeft
	}
	var p xbidi.Paragraph
	if _, err := p.SetString(string(text), xbidi.DefaultDirection(dir)); err != nil {
		for i := range levels {
			levels[i] = base
		}
		return levels
	}
	o, err := p.Order()
	if err != nil {
		for i := range levels {
			levels[i] = base
		}
		return levels
	}
	isolated := isolateDepth(text)
	for i := 0; i < o.NumRuns(); i++ {
		run := o.Run(i)
		start, end := run.Pos()
		lvl := base
		switch {
		case run.Direction() == xbidi.RightToLeft && base == 0:
			lvl = 1
		case run.Direction() == xbidi.LeftToRight && base == 1:
			lvl = 2
		}
		for j := start; j <= end && j < len(levels); j++ {
			levels[j] = lvl
		}
	}
	if base == 0 {
		raiseNumbersAfterRTL(text, levels)
	}
	// Text inside an isolate in a right-to-left paragraph is at least
	// level 2 whatever x/text's run says of its neutrals.
	for i := range text {
		if isolated[i] && rtl && levels[i] < 2 {
			levels[i] = 2
		}
	}
	return levels
}

// isolateDepth marks the runes between an LRI and its PDI, marks included.
func isolateDepth(text []rune) []bool {
	in := make([]bool, len(text))
	depth := 0
	for i, r := range text {
		if r == LRI {
			depth++
		}
		in[i] = depth > 0
		if r == PDI && depth > 0 {
			depth--
		}
	}
	return in
}

// raiseNumbersAfterRTL applies rule I1 to European and Arabic numbers
// whose last strong character before them is right-to-left: in a
// left-to-right paragraph they sit at level 2, inside the right-to-left
// text, not beside it.
func raiseNumbersAfterRTL(text []rune, levels []int) {
	lastStrongRTL := false
	for i, r := range text {
		p, _ := xbidi.LookupRune(r)
		switch p.Class() {
		case xbidi.R, xbidi.AL:
			lastStrongRTL = true
		case xbidi.L:
			lastStrongRTL = false
		case xbidi.EN, xbidi.AN:
			if lastStrongRTL || p.Class() == xbidi.AN {
				levels[i] = 2
				// Separators and terminators inside the number (1,000 or 5%)
				// go with it.
				for j := i - 1; j >= 0 && levels[j] == 1 && isNumberJoiner(text[j]) && j > 0 && levels[j-1] == 2; j-- {
					levels[j] = 2
				}
			}
		case xbidi.CS, xbidi.ES, xbidi.ET:
			if i > 0 && levels[i-1] == 2 && i+1 < len(text) {
				if q, _ := xbidi.LookupRune(text[i+1]); q.Class() == xbidi.EN || q.Class() == xbidi.AN {
					levels[i] = 2
				}
			}
		}
	}
}

func isNumberJoiner(r rune) bool {
	p, _ := xbidi.LookupRune(r)
	c := p.Class()
	return c == xbidi.CS || c == xbidi.ES || c == xbidi.ET
}

// VisualOrder returns the logical indices of levels (one line) in display
// order, left to right: rule L2 reverses every maximal sequence at level k
// or higher, from the highest level down to the lowest odd level.
func VisualOrder(levels []int) []int {
	order := make([]int, len(levels))
	for i := range order {
		order[i] = i
	}
	highest, lowestOdd := 0, 1<<30
	for _, l := range levels {
		if l > highest {
			highest = l
		}
		if l%2 == 1 && l < lowestOdd {
			lowestOdd = l
		}
	}
	for k := highest; k >= lowestOdd && k > 0; k-- {
		for i := 0; i < len(order); {
			if levels[order[i]] < k {
				i++
				continue
			}
			j := i
			for j < len(order) && levels[order[j]] >= k {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				order[a], order[b] = order[b], order[a]
			}
			i = j
		}
	}
	return order
}

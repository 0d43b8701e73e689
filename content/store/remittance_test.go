package store

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"safar.app/safar/content"
	"safar.app/safar/content/source"
)

// The corridors of the loader's fixture go into content.db and come back
// as they were, figures and dates included; a later pack without them
// takes them out.
func TestCorridorsRoundTrip(t *testing.T) {
	pack, problems := source.LoadOn(os.DirFS("../source/testdata/remittance"), content.Date{Year: 2026, Month: 10, Day: 15})
	if len(problems) > 0 || len(pack.Corridors) != 1 {
		t.Fatalf("fixture: %v, %d corridors", problems, len(pack.Corridors))
	}
	s, err := Open(filepath.Join(t.TempDir(), "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Install(pack, PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Corridors("de")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || fmt.Sprint(got[0].Providers[1].Quotes) != fmt.Sprint(pack.Corridors[0].Providers[1].Quotes) ||
		got[0].Mid.Mid.String() != "60" || got[0].MidDate != pack.Corridors[0].MidDate ||
		got[0].Providers[0].QuotedOn != pack.Corridors[0].Providers[0].QuotedOn || got[0].Register != pack.Corridors[0].Register {
		t.Fatalf("got %+v\nwant %+v", got, pack.Corridors)
	}
	if other, _ := s.Corridors("se"); len(other) != 0 {
		t.Errorf("corridors of se: %+v", other)
	}

	pack.Corridors = nil
	if err := s.Install(pack, PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Corridors("de"); len(got) != 0 {
		t.Errorf("after a pack without corridors: %+v", got)
	}
}

package store

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"safar.app/safar/content"
	"safar.app/safar/content/source"
)

// The loader's checklist fixture goes into content.db and comes back as
// it was; an update that rewords a step rewrites the record, and a pack
// without the checklist takes it out.
func TestChecklistsRoundTrip(t *testing.T) {
	pack, problems := source.LoadOn(os.DirFS("../source/testdata/checklist"), content.Date{Year: 2026, Month: 10, Day: 15})
	if len(problems) > 0 || len(pack.Checklists) != 1 {
		t.Fatalf("fixture: %v, %d checklists", problems, len(pack.Checklists))
	}
	s, err := Open(filepath.Join(t.TempDir(), "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Install(pack, PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		country string
		stage   content.Stage
		want    []content.Checklist
	}{
		{"de", content.StageFirstWeeks, pack.Checklists},
		{"de", content.StageBefore, nil},
		{"se", content.StageFirstWeeks, nil},
	}
	for _, tt := range tests {
		got, err := s.Checklists(tt.country, tt.stage)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Checklists(%s, %s) = %+v, %v\nwant %+v", tt.country, tt.stage, got, err, tt.want)
		}
	}
	if _, err := s.Checklist("de-checklist-before"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a missing checklist: %v", err)
	}

	pack.Checklists[0].Steps[0].Texts[0].Text = "Register your address within two weeks."
	pack.Checklists[0].Steps = pack.Checklists[0].Steps[:2]
	if err := s.Install(pack, PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Checklist("de-checklist-first-weeks")
	if err != nil || len(got.Steps) != 2 || got.Steps[0].Texts[0].Text != "Register your address within two weeks." {
		t.Errorf("after the update: %+v, %v", got, err)
	}

	pack.Checklists = nil
	if err := s.Install(pack, PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Checklists("de", content.StageFirstWeeks); len(got) != 0 {
		t.Errorf("after a pack without checklists: %+v", got)
	}
}

// A checklist with an error is refused whole, as every pack is: nothing
// already installed changes.
func TestChecklistWithAnErrorIsRefused(t *testing.T) {
	pack, _ := source.LoadOn(os.DirFS("../source/testdata/checklist"), content.Date{Year: 2026, Month: 10, Day: 15})
	s, err := Open(filepath.Join(t.TempDir(), "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Install(pack, PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	pack.Checklists[0].Steps[1].Link = "de-nowhere"
	err = s.Install(pack, PackInfo{Origin: "test"})
	var pe *content.ProblemError
	if !errors.As(err, &pe) || len(pe.Problems) != 1 || pe.Problems[0].String() != `item de-checklist-first-weeks: step 2 ("asylum"): link to "de-nowhere": no item has that id` {
		t.Fatalf("got %v", err)
	}
	if got, _ := s.Checklist("de-checklist-first-weeks"); got.Steps[1].Link != "de-asylum" {
		t.Errorf("the refused update changed the stored checklist: %+v", got.Steps[1])
	}
}

package store

import (
	"path/filepath"
	"testing"

	"safar.app/safar/content"
)

func TestRegionsNamedForTheReader(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pack := &content.Pack{Countries: []content.Country{{Code: "de", Names: map[string]string{"en": "Germany"},
		Regions: []content.Region{
			{Code: "berlin", Names: map[string]string{"en": "Berlin", "ar": "برلين"}},
			{Code: "altena", Names: map[string]string{"en": "Altena"}},
		}}}}
	if err := s.Install(pack, PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Regions("de", content.LangChain("ar"))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, p := range got {
		names[p.Code] = p.Name
	}
	if len(got) != 2 || names["berlin"] != "برلين" || names["altena"] != "Altena" {
		t.Errorf("got %+v", got)
	}
}

package store

import (
	"container/list"
	"encoding/json"
	"fmt"
)

// listCacheBytes bounds the memory of the lists a store keeps decoded: about
// 9 bytes a posting, so some 450,000 postings, the lists of a few dozen
// common words of the 20,000-text benchmark corpus. A reader typing a query
// letter by letter reads the same lists again at every letter.
const listCacheBytes = 4 << 20

// listCache keeps the lists read last, least recently used out first, up to
// listCacheBytes. A key with no list is kept too (as an empty list): most
// word pairs of a query are in no text.
type listCache struct {
	order *list.List // of *cachedList, most recent first
	byKey map[string]*list.Element
	size  int
}

type cachedList struct {
	key  string
	list postingList
}

func (c *listCache) get(key string) (postingList, bool) {
	e, ok := c.byKey[key]
	if !ok {
		return postingList{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cachedList).list, true
}

func (c *listCache) put(key string, l postingList) {
	if c.byKey == nil {
		c.order, c.byKey = list.New(), map[string]*list.Element{}
	}
	n := l.bytes() + len(key)
	if _, ok := c.byKey[key]; ok || n > listCacheBytes/4 {
		return // a list larger than a quarter of the cache would push out all others
	}
	c.byKey[key] = c.order.PushFront(&cachedList{key, l})
	c.size += n
	for c.size > listCacheBytes {
		e := c.order.Back()
		old := e.Value.(*cachedList)
		c.order.Remove(e)
		delete(c.byKey, old.key)
		c.size -= old.list.bytes() + len(old.key)
	}
}

// lists reads the lists of keys: from the cache, and the rest in one
// statement.
func (s *Store) lists(keys []string) (map[string]postingList, error) {
	out := make(map[string]postingList, len(keys))
	var missing []string
	s.cache.mu.Lock()
	gen := s.cache.gen
	for _, k := range keys {
		if l, ok := s.cache.lists.get(k); ok {
			out[k] = l
		} else {
			missing = append(missing, k)
		}
	}
	s.cache.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	st, err := s.stmt(`SELECT term, df, list FROM search_term WHERE term IN (SELECT value FROM json_each(?1))`)
	if err != nil {
		return nil, err
	}
	arg, err := json.Marshal(missing)
	if err != nil {
		return nil, err
	}
	rows, err := st.Query(string(arg))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var term string
		var df int
		var data []byte
		if err := rows.Scan(&term, &df, &data); err != nil {
			return nil, err
		}
		l, ok := decodeList(data, df)
		if !ok {
			return nil, fmt.Errorf("%w: the search list of %q cannot be read", ErrDamaged, term)
		}
		out[term] = l
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.cache.mu.Lock()
	if gen == s.cache.gen {
		for _, k := range missing {
			s.cache.lists.put(k, out[k])
		}
	}
	s.cache.mu.Unlock()
	return out, nil
}

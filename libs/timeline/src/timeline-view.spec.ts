import { searchTerms } from './timeline-filter';
import type { SourceRef } from './timeline-entry';
import { citeSources } from './timeline-view';

const seed = (n: number, document = 'doc-a'): SourceRef => ({
  id: `${document}#${n}`,
  title: `Document ${document}`,
  origin: { kind: 'seed', document, locator: `paragraph ${n}`, quote: `Quote ${n}` },
});

describe('citeSources', () => {
  it('lists a document quoted three times once, with its three quotes in order', () => {
    const cited = citeSources([], [seed(1), seed(2), seed(3)]);
    expect(cited).toHaveLength(1);
    expect(cited[0]).toMatchObject({ id: 'doc-a#1', title: 'Document doc-a' });
    expect(cited[0]!.quotes).toEqual([
      { sourceId: 'doc-a#1', locator: 'paragraph 1', text: 'Quote 1' },
      { sourceId: 'doc-a#2', locator: 'paragraph 2', text: 'Quote 2' },
      { sourceId: 'doc-a#3', locator: 'paragraph 3', text: 'Quote 3' },
    ]);
  });

  it('keeps different documents and URLs apart, and folds a later citation of the same URL', () => {
    const feed = (id: string, url: string): SourceRef => ({
      id,
      title: id,
      url,
      origin: { kind: 'feed', feedId: 'f', itemGuid: id },
    });
    const first = citeSources([], [seed(1), seed(1, 'doc-b'), feed('a', 'https://x.example/1')]);
    const later = citeSources(first, [feed('b', 'https://x.example/1'), feed('c', 'https://x.example/2')]);
    expect(later.map((s) => s.id)).toEqual(['doc-a#1', 'doc-b#1', 'a', 'c']);
    expect(first).toHaveLength(3); // not changed in place
  });
});

describe('searchTerms', () => {
  it('stems Russian words, keeps quoted phrases whole and other scripts as written', () => {
    expect(searchTerms('Граница границы границе')).toEqual(['границ']);
    expect(searchTerms('"Peace   Mission" 中亚 Khorgos')).toEqual(['peace mission', '中亚', 'khorgos']);
    expect(searchTerms('"unclosed phrase')).toEqual(['"unclosed', 'phrase']);
  });
});

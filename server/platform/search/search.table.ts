/** Distinct name words of a workspace with their Latin transliteration, for typo-tolerant lookup. */
export interface SearchLexiconTable {
  workspace_id: string;
  word: string;
  latin: string;
}

export interface SearchTables {
  search_lexicon: SearchLexiconTable;
}

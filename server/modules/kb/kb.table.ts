import type { Generated } from 'kysely';

export interface KbArticlesTable {
  id: Generated<string>;
  workspace_id: string;
  title: string;
  body: string;
  category: string | null;
  tags: Generated<string[]>;
  language: 'ru' | 'bg' | 'en';
  status: 'draft' | 'published';
  author_id: string | null;
  updated_by: string | null;
  version: Generated<number>;
  published_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
  /** Generated from the title (orbita_name_keys): a title match ranks first. */
  title_words: Generated<string[]>;
  /** Generated from title, category and body. */
  search_words: Generated<string[]>;
}

export interface KbArticleVersionsTable {
  workspace_id: string;
  article_id: string;
  version: number;
  title: string;
  body: string;
  category: string | null;
  tags: string[];
  language: 'ru' | 'bg' | 'en';
  status: 'draft' | 'published';
  saved_by: string | null;
  saved_at: Date;
}

/** Distinct words of the articles of a workspace, for typo-tolerant lookup (as search_lexicon). */
export interface KbLexiconTable {
  workspace_id: string;
  word: string;
  latin: string;
}

export interface KbTables {
  kb_articles: KbArticlesTable;
  kb_article_versions: KbArticleVersionsTable;
  kb_lexicon: KbLexiconTable;
}

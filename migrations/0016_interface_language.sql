-- The language of the interface a person reads (issue 18: "the delegates'
-- own language"): English, Thai or Khmer, chosen in the page's header and
-- kept on the account so that every browser they sign in on follows it.
-- Null until they choose: their browser's languages decide meanwhile.
-- Independent of the languages of any document's texts.
ALTER TABLE people ADD COLUMN interface_language text CHECK (interface_language IN ('en', 'th', 'km'));

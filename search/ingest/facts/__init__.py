"""Facts: a cleaned text in, what the document says about itself out (`DocumentMeta`).

metadata (title, issuer, 发文字号, dates, read from the page's head, its metadata block and its signature) -> places
(province, city, district from the gazetteer of China's administrative divisions) -> validity (effective date,
end, trial, plan period) -> overrides (a `.meta.json` beside the file corrects any of them).
"""

# Exercises every str, unicodedata, codec, re and locale path that may reach ICU in GraalPy;
# prints results so that two jars can be compared.
import unicodedata, codecs, encodings.aliases, re, locale, sys, time, datetime, string
out = []
samples = ["hello world", "ǆemal ǉubljana", "straße ΣΑΣ σας", "İstanbul ıi", "привет мир",
           "日本語のテキスト 中文文本", "ภาษาไทยง่ายนิดเดียว", "ພາສາລາວ", "ភាសាខ្មែរ", "မြန်မာဘာသာ",
           "한국어 텍스트", "abc日本語def ａｂｃ", "Aภาษาไทยb xພາສາy", "ⓐⓑ ᏸᏹ ꭰ ǅ", "ｶﾀｶﾅ ｈａｌｆ", "ﬁﬂ ᾳ ῼ", "١٢٣ ٤٥", "x\u0301y\u0323", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀"]
for s in samples:
    out.append((s.title(), s.capitalize(), s.upper(), s.lower(), s.casefold(), s.swapcase(),
                s.istitle(), s.isidentifier(), s.isnumeric(), s.isdecimal(), s.isprintable(), s.isalpha()))
    for form in ("NFC", "NFD", "NFKC", "NFKD"):
        out.append((form, unicodedata.normalize(form, s), unicodedata.is_normalized(form, s)))
    for ch in s:
        out.append((unicodedata.name(ch, "?"), unicodedata.category(ch), unicodedata.bidirectional(ch),
                    unicodedata.east_asian_width(ch), unicodedata.decomposition(ch), unicodedata.combining(ch),
                    unicodedata.mirrored(ch), unicodedata.numeric(ch, None), unicodedata.decimal(ch, None),
                    unicodedata.digit(ch, None)))
out.append(unicodedata.lookup("LATIN SMALL LETTER A WITH ACUTE"))
out.append(unicodedata.unidata_version)
out.append(unicodedata.ucd_3_2_0.normalize("NFC", "e\u0301"))
text = "Grüße, 日本 ภาษา"
for name in sorted(set(encodings.aliases.aliases.values()) | {"hz", "utf_7", "idna", "punycode", "gb18030", "big5hkscs",
                                                               "iso2022_jp", "iso2022_jp_2", "iso2022_kr", "euc_jis_2004", "shift_jisx0213", "cp65001"}):
    try:
        enc = text.encode(name, "replace")
        out.append((name, enc, enc.decode(name, "replace")))
    except Exception as e:
        out.append((name, type(e).__name__))
out.append("bücher.example".encode("idna"))
out.append(re.findall(r"\w+", " ".join(samples)))
out.append(re.findall(r"(?i)STRASSE|σας|İ", " ".join(samples)))
out.append(re.sub(r"\b", "|", "ภาษา ไทย"))
out.append((locale.getlocale(), locale.localeconv()["decimal_point"], locale.getpreferredencoding(False)))
out.append(format(1234567.891, "n"))
out.append(time.strftime("%a %b %d %Y %c", time.gmtime(0)))
out.append(datetime.datetime(2020, 1, 2, 3, 4, 5).strftime("%A %B %x %X"))
out.append(string.capwords("hello wörld"))
out.append(int("١٢٣"), ) ; out.append(float("٣.٥"))
for line in out:
    print(repr(line))
print("probe lines:", len(out))

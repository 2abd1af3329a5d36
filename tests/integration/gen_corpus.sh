#!/usr/bin/env bash
# gen_corpus.sh DIR FILES DOCS_PER_FILE: writes a deterministic synthetic Arabic
# news corpus (TREC <DOC> files, some gzipped) for crash and CLI tests. Every
# 9th article repeats an earlier body re-formatted (a wire copy); text is
# composed from a fixed vocabulary with a fixed seed, never copied news.
set -euo pipefail
dir=$1 files=${2:-40} per=${3:-100}
mkdir -p "$dir"
for ((f = 0; f < files; f++)); do
  out="$dir/batch_$(printf %03d "$f").trec"
  awk -v f="$f" -v per="$per" 'BEGIN {
    srand(1000 + f);
    nw = split("الحكومة البرلمان الوزير الرئيس المدينة الأمطار الاقتصاد النفط الأسعار الانتخابات المفاوضات الاتفاق الجيش الشرطة المستشفى المدارس الطلاب الجامعة الزراعة المياه الكهرباء الطاقة الشمسية التضخم البنك المركزي الصادرات الموانئ الطيران المطار الحدود اللاجئين المساعدات الصحة اللقاح الفيضانات الزلزال الحرائق الغابات المنتخب البطولة الملعب المهرجان السينما الكتاب المعرض الثقافة التراث", W, " ");
    nv = split("أعلن أكد قال أوضح كشف نفى دعا حذر أشار رحب طالب", V, " ");
    no = split("العربية|سكاي نيوز عربية|فرانس 24|بي بي سي عربي|سي إن إن بالعربية|الحرة|واس", O, "|");
    nm = split("Feb Mar Apr May Jun Jul Aug Sep", M, " ");
    for (d = 0; d < per; d++) {
      id = sprintf("gen-%03d-%04d", f, d);
      body = "";
      np = 2 + int(rand() * 4);
      for (p = 0; p < np; p++) {
        para = V[1 + int(rand() * nv)];
        nwp = 8 + int(rand() * 20);
        for (k = 0; k < nwp; k++) para = para " " W[1 + int(rand() * nw)];
        para = para " " int(rand() * 1000) ".";
        body = body (p ? "\n" : "") para;
      }
      if (d % 9 == 8 && prev != "") { body = prev; gsub(/ /, "  ", body); body = body " !"; }
      if (d % 9 == 3) prev = body;
      title = W[1 + int(rand() * nw)] " " V[1 + int(rand() * nv)] " " W[1 + int(rand() * nw)];
      printf "<DOC>\n<DOCNO>%s</DOCNO>\n<URL>https://news.example/%s</URL>\n<SRC>%s</SRC>\n<CAT>أخبار</CAT>\n", id, id, O[1 + int(rand() * no)];
      printf "<TITLE>%s</TITLE>\n<TIME>%02d %s 2018 %02d:%02d:00 GMT</TIME>\n<AUTHOR></AUTHOR>\n", title, 1 + int(rand() * 28), M[1 + int(rand() * nm)], int(rand() * 24), int(rand() * 60);
      printf "<ABSTRACT>\n%s\n</ABSTRACT>\n<TEXT>\n%s\n</TEXT>\n</DOC>\n", title, body;
    }
  }' > "$out"
  if ((f % 4 == 1)); then gzip -n -f "$out"; fi
done

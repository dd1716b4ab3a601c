"""The header words of Markdown column tables, in the languages specs are written in, and how a header cell
is matched against them.

A column table names its columns (`| Column | Type | Nullable | Default | Notes |`) in the document's
language: `| Spalte | Typ | Beschreibung |`, `| 字段 | 类型 | 约束 | 说明 |`, `| Colonne | Type | Contraintes |`.
Each list below holds, for one meaning, the words of English, German, French, Spanish, Portuguese, Italian,
Dutch, Polish, Turkish, Russian, Ukrainian, Czech, Chinese (simplified and traditional), Japanese, Korean,
Vietnamese, Indonesian/Malay and Thai. A header cell is known when the whole of it is, or, for a bilingual or
glossed header (`컬럼 (Column)`, `Column / 列名`, `Tipo (Type)`), the part outside or inside its parentheses,
or one side of a slash (`header_candidates`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection


def normal_header(cell: str) -> str:
    """A header as compared: NFKC (full-width forms), no bold or code marks, lower case, spaces collapsed, no
    trailing colon, curly apostrophes straight."""
    t = unicodedata.normalize("NFKC", cell).replace("*", "").replace("`", "").replace("’", "'")
    t = t.replace("__", "")
    return " ".join(t.strip().lower().split()).rstrip(":").strip()


def _words(*groups: str) -> list[str]:
    """Words separated by `|` (a word may hold spaces), one group per language; normalised as header cells
    are (NFKC changes some letters, Thai `ำ` among them)."""
    return [normal_header(w) for g in groups for w in g.split("|") if w.strip()]


# The column holding the field names, with how surely it does: a column or field word (3, 4 with "name")
# beats an attribute or property word (2), which beats a bare "name" (1, the name of a thing, not always a field).
_NAME_4 = _words(
    "column name|field name|db column|database column|column_name|field db|physical name|fk column|fk field|"
    "foreign key column|fk name",
    "spaltenname|feldname|name der spalte",
    "nom de colonne|nom de la colonne|nom du champ|nom de champ",
    "nombre de columna|nombre de la columna|nombre del campo|nombre de campo",
    "nome da coluna|nome de coluna|nome do campo|nome de campo",
    "nome colonna|nome della colonna|nome campo|nome del campo",
    "kolomnaam|veldnaam",
    "nazwa kolumny|nazwa pola",
    "sütun adı|kolon adı|alan adı",
    "имя поля|имя столбца|имя колонки|название поля|название столбца|название колонки",
    "назва поля|назва стовпця|назва колонки",
    "název sloupce|název pole",
    "字段名|字段名称|列名|列名称|字段英文名|英文名|欄位名|欄位名稱|栏位名|栏位名称",
    "カラム名|フィールド名|物理名|列名|項目物理名",
    "컬럼명|컬럼 이름|필드명|필드 이름|칼럼명|칼럼 이름|열 이름|물리명",
    "tên cột|tên trường",
    "nama kolom|nama field|nama medan|nama lajur",
    "ชื่อคอลัมน์|ชื่อฟิลด์",
)
_NAME_3 = _words(
    "column|field|attribute name|property name",
    "spalte|feld",
    "colonne|champ",
    "columna|campo",
    "coluna",
    "colonna",
    "kolom|veld",
    "kolumna|pole",
    "sütun|kolon|alan",
    "колонка|поле|столбец",
    "стовпець",
    "sloupec",
    "字段|列|栏位|欄位|字段代码",
    "カラム|フィールド|項目名",
    "컬럼|필드|칼럼|열|속성명",
    "cột|trường",
    "medan|lajur",
    "คอลัมน์|ฟิลด์|เขตข้อมูล",
)
_NAME_2 = _words(
    "attribute|property",
    "attribut|eigenschaft",
    "propriété",
    "atributo|propiedad",
    "propriedade",
    "attributo|proprietà",
    "attribuut|eigenschap",
    "atrybut|właściwość",
    "öznitelik",
    "атрибут|свойство",
    "властивість",
    "vlastnost",
    "項目|属性",
    "속성",
    "thuộc tính",
    "atribut|properti",
    "แอตทริบิวต์",
)
_NAME_1 = _words(
    "name",
    "bezeichnung",
    "nom",
    "nombre",
    "nome",
    "naam",
    "nazwa",
    "ad|adı|isim",
    "имя|название",
    "назва|ім'я",
    "název|jméno",
    "名称|名字|名稱",
    "名前",
    "이름",
    "tên",
    "nama",
    "ชื่อ",
)
NAME_HEADERS: dict[str, int] = {
    **{w: 1 for w in _NAME_1},
    **{w: 2 for w in _NAME_2},
    **{w: 3 for w in _NAME_3},
    **{w: 4 for w in _NAME_4},
    "key": 0,  # a Key column holds PK/FK marks, not names
}

# Header words -> the field of a column they fill.
_KINDS: dict[str, list[str]] = {
    "type": _words(
        "type|data type|datatype|sql type|db type|column type|field type|postgres type|database type",
        "typ|datentyp|feldtyp|spaltentyp",
        "type de données|type de donnée|type sql",
        "tipo|tipo de dato|tipo de datos|tipo sql",
        "tipo de dado|tipo de dados",
        "tipo di dato|tipo dato",
        "gegevenstype",
        "typ danych",
        "tür|tip|veri tipi|veri türü",
        "тип|тип данных",
        "тип даних",
        "datový typ",
        "类型|数据类型|字段类型|類型|資料類型|資料型態|数据库类型",
        "型|データ型|型名",
        "타입|자료형|데이터 타입|데이터타입|형식|유형|데이터 형식",
        "kiểu|kiểu dữ liệu|loại dữ liệu",
        "tipe|tipe data|jenis data",
        "ชนิด|ชนิดข้อมูล|ประเภทข้อมูล",
    ),
    "type?": _words("kind"),  # read as the type only where no header says Type
    "type2": _words("python type"),  # a second type column: the SQL one wins
    "nullable": _words(
        "nullable|null|null?|nullable?|allow null|allows null|null allowed",
        "null erlaubt|nullbar",
        "null autorisé",
        "nulo|nulable|admite nulos|permite nulos|acepta nulos",
        "permite nulo|anulável",
        "nullo|ammette null",
        "null toegestaan",
        "dopuszcza null",
        "null olabilir|boş olabilir",
        "допускает null|может быть null",
        "може бути null",
        "可空|允许空|允许为空|是否为空|是否可空|允許空值|可為空|是否允许为空|允许null|null許可",
        "null可|null許容",
        "null 허용|널 허용|null여부|null 여부",
        "cho phép null|cho phép rỗng",
        "boleh null|boleh kosong",
        "ค่าว่างได้",
    ),
    "required": _words(
        "required|required?|mandatory|not null|nn",
        "pflicht|pflichtfeld|erforderlich",
        "obligatoire|requis",
        "requerido|obligatorio",
        "obrigatório|obrigatorio",
        "obbligatorio|richiesto",
        "verplicht",
        "wymagane|wymagany|obowiązkowe|obowiązkowy",
        "zorunlu|gerekli",
        "обязательное|обязательно|обязательный",
        "обов'язкове|обов'язковий",
        "povinné|povinný",
        "必填|非空|是否必填|是否非空|不为空|不能为空|不可空",
        "必須",
        "필수|필수 여부|필수여부",
        "bắt buộc",
        "wajib|wajib diisi|harus diisi",
        "จำเป็น",
    ),
    "default": _words(
        "default|default value|defaults",
        "standard|standardwert|vorgabe|vorgabewert|defaultwert",
        "défaut|valeur par défaut|par défaut",
        "valor por defecto|por defecto|predeterminado|valor predeterminado",
        "padrão|valor padrão",
        "predefinito|valore predefinito",
        "standaard|standaardwaarde",
        "domyślna|domyślnie|wartość domyślna",
        "varsayılan|varsayılan değer",
        "по умолчанию|значение по умолчанию",
        "за замовчуванням|значення за замовчуванням",
        "výchozí|výchozí hodnota",
        "默认|默认值|默認值|預設|預設值|缺省值",
        "デフォルト|デフォルト値|初期値|既定値|default値",
        "기본값|디폴트|기본 값",
        "mặc định|giá trị mặc định",
        "nilai default|bawaan|nilai bawaan|lalai",
        "ค่าเริ่มต้น",
    ),
    "constraints": _words(
        "constraints|constraint|modifiers|attributes|rules|flags|options",
        "einschränkungen|bedingungen|beschränkungen",
        "contraintes|contrainte",
        "restricciones|restricción",
        "restrições|restrição",
        "vincoli|vincolo",
        "beperkingen|restricties",
        "ograniczenia",
        "kısıtlamalar|kısıtlar|kısıt",
        "ограничения",
        "обмеження",
        "omezení",
        "约束|约束条件|約束|約束條件",
        "制約|制約条件",
        "제약조건|제약 조건|제약|제약사항|제약 사항",
        "ràng buộc",
        "batasan|konstrain|kekangan",
        "ข้อจำกัด",
    ),
    "key": _words(
        "key|keys|pk/fk|key type",
        "schlüssel",
        "clé|clés",
        "clave|llave",
        "chave",
        "chiave",
        "sleutel",
        "klucz",
        "anahtar",
        "ключ",
        "klíč",
        "键|鍵|键类型",
        "キー",
        "키",
        "khóa|khoá",
        "kunci",
        "คีย์",
    ),
    "pk": _words(
        "pk|primary key",
        "primärschlüssel",
        "clé primaire",
        "clave primaria",
        "chave primária",
        "chiave primaria",
        "primaire sleutel",
        "klucz główny",
        "birincil anahtar",
        "первичный ключ",
        "первинний ключ",
        "primární klíč",
        "主键|主鍵|是否主键",
        "主キー",
        "기본키|기본 키|pk 여부",
        "khóa chính",
        "kunci utama|kunci primer",
        "คีย์หลัก",
    ),
    "fk": _words(
        "fk|references|reference|foreign key|relation|ref",
        "fremdschlüssel|referenz|verweis",
        "clé étrangère|référence",
        "clave foránea|clave externa|referencia",
        "chave estrangeira|referência",
        "chiave esterna|riferimento",
        "vreemde sleutel|referentie|verwijzing",
        "klucz obcy|referencja",
        "yabancı anahtar|referans",
        "внешний ключ|ссылка",
        "зовнішній ключ|посилання",
        "cizí klíč",
        "外键|外鍵|是否外键",
        "外部キー|参照",
        "외래키|외래 키|참조",
        "khóa ngoại|tham chiếu",
        "kunci asing|referensi",
        "คีย์นอก",
    ),
    "unique": _words(
        "unique",
        "eindeutig",
        "único|unico",
        "uniek",
        "unikalny|unikalne",
        "benzersiz|tekil",
        "уникальный|уникальное",
        "унікальний|унікальне",
        "unikátní",
        "唯一|是否唯一",
        "ユニーク|一意",
        "유니크|고유",
        "duy nhất",
        "unik",
    ),
    "index": _words(
        "index|indexed",
        "indiziert",
        "indexé",
        "índice|indice",
        "indeks",
        "индекс",
        "індекс",
        "索引",
        "インデックス",
        "인덱스",
        "chỉ mục",
    ),
    "notes": _words(
        "description|notes|note|comment|comments|purpose|details|validation|remarks|meaning",
        "beschreibung|bemerkung|bemerkungen|kommentar|hinweis|hinweise|anmerkung|anmerkungen|erläuterung|zweck|bedeutung",
        "remarque|remarques|commentaire|commentaires",
        "descripción|descripcion|notas|comentario|comentarios|observaciones|observación",
        "descrição|descricao|observação|observações|comentário|comentários",
        "descrizione|commento|commenti",
        "omschrijving|beschrijving|opmerking|opmerkingen|toelichting",
        "opis|uwagi|komentarz",
        "açıklama|notlar|not",
        "описание|примечание|примечания|комментарий",
        "опис|примітка|примітки|коментар",
        "popis|poznámka|poznámky",
        "说明|描述|备注|注释|中文名|中文名称|含义|字段说明|字段描述|說明|備註|註解|描述說明",
        "説明|備考|論理名|概要|内容|意味",
        "설명|비고|논리명|내용|의미",
        "mô tả|ghi chú|diễn giải|ý nghĩa",
        "keterangan|deskripsi|catatan|penjelasan|penerangan",
        "คำอธิบาย|รายละเอียด|หมายเหตุ",
    ),
    "length": _words(
        "length|size|max length|len",
        "länge|feldlänge",
        "longueur|taille",
        "longitud|tamaño",
        "tamanho|comprimento",
        "lunghezza|dimensione",
        "lengte|grootte",
        "długość|rozmiar",
        "uzunluk|boyut",
        "длина|размер",
        "довжина|розмір",
        "délka|velikost",
        "长度|長度|字段长度|大小",
        "桁数|長さ|サイズ",
        "길이|크기",
        "độ dài|kích thước",
        "panjang|ukuran",
        "ความยาว|ขนาด",
    ),
    "example": _words(
        "example|examples|sample",
        "beispiel",
        "exemple",
        "ejemplo",
        "exemplo",
        "esempio",
        "voorbeeld",
        "przykład",
        "örnek",
        "пример",
        "приклад",
        "příklad",
        "示例|例子|样例|範例|示例值|例",
        "サンプル|例",
        "예시|예",
        "ví dụ",
        "contoh",
        "ตัวอย่าง",
    ),
}
HEADERS: dict[str, str] = {w: kind for kind, words in _KINDS.items() for w in words}

# A table of foreign keys (`| Column | Referenced table | Referenced column | On delete |`): the table and the
# column a key refers to, and its actions.
REF_TABLE_HEADERS = set(
    _words(
        "referenced table|references table|ref table|target table|parent table|to table|referenced entity|"
        "foreign table|points to|references|refers to",
        "referenzierte tabelle|zieltabelle|verweist auf|referenz",
        "table référencée|table cible|référence",
        "tabla referenciada|tabla de referencia|tabla destino|referencia a|referencia",
        "tabela referenciada|tabela de referência|tabela destino|referência",
        "tabella referenziata|tabella di riferimento|riferimento",
        "gerefereerde tabel|doeltabel|verwijst naar",
        "tabela docelowa|tabela powiązana|odwołanie do",
        "referans tablo|hedef tablo",
        "ссылается на|целевая таблица|связанная таблица",
        "посилається на|цільова таблиця",
        "odkazovaná tabulka|cílová tabulka",
        "关联表|引用表|参照表|目标表|主表|關聯表|參照表",
        "参照テーブル|参照先テーブル|参照先",
        "참조 테이블|참조테이블|대상 테이블",
        "bảng tham chiếu|bảng liên kết",
        "merujuk ke tabel|tabel referensi|tabel rujukan|tabel tujuan|tabel induk|rujukan",
        "ตารางอ้างอิง",
    )
)
REF_COLUMN_HEADERS = set(
    _words(
        "referenced column|references column|ref column|target column|parent column|to column|referenced field|"
        "referenced key|foreign column",
        "referenzierte spalte|zielspalte",
        "colonne référencée|colonne cible",
        "columna referenciada|columna de referencia|columna destino",
        "coluna referenciada|coluna de referência|coluna destino",
        "colonna referenziata|colonna di riferimento",
        "gerefereerde kolom|doelkolom",
        "kolumna docelowa",
        "referans sütun|hedef sütun",
        "целевой столбец|столбец ссылки",
        "цільовий стовпець",
        "odkazovaný sloupec",
        "关联字段|引用字段|参照字段|关联列|引用列|目标字段|關聯欄位|參照欄位",
        "参照カラム|参照先カラム|参照列|参照先列",
        "참조 컬럼|참조컬럼|참조 칼럼|대상 컬럼",
        "cột tham chiếu",
        "merujuk ke kolom|kolom referensi|kolom rujukan|kolom tujuan|field referensi",
        "คอลัมน์อ้างอิง",
    )
)
ON_DELETE_HEADERS = set(
    _words(
        "on delete|on_delete|ondelete|on delete action|delete rule|delete action|when deleted",
        "beim löschen|löschregel|bei löschung",
        "à la suppression|en cas de suppression",
        "al eliminar|al borrar",
        "ao excluir|ao deletar|ao apagar",
        "alla cancellazione|su eliminazione",
        "bij verwijderen",
        "przy usuwaniu",
        "silindiğinde",
        "при удалении",
        "при видаленні",
        "při smazání",
        "删除时|删除规则|刪除時",
        "削除時",
        "삭제 시|삭제시",
        "khi xóa",
        "aksi jika dihapus|saat dihapus|jika dihapus|aksi hapus",
        "เมื่อลบ",
    )
)
ON_UPDATE_HEADERS = set(
    _words(
        "on update|on_update|onupdate|update rule|update action",
        "beim aktualisieren",
        "à la mise à jour",
        "al actualizar",
        "ao atualizar",
        "all'aggiornamento",
        "bij bijwerken",
        "przy aktualizacji",
        "güncellendiğinde",
        "при обновлении",
        "при оновленні",
        "更新时|更新時",
        "수정 시|수정시|갱신 시",
        "khi cập nhật",
        "aksi jika diubah|saat diubah|jika diubah",
    )
)
# The name of a table, in a table whose rows are tables (`| Table | Columns |`) or foreign keys.
TABLE_HEADERS = set(
    _words(
        "table|table name|db table|database table|source table|from table",
        "tabelle|tabellenname",
        "nom de table|nom de la table",
        "tabla|nombre de tabla|nombre de la tabla",
        "tabela|nome da tabela",
        "tabella|nome tabella",
        "tabelnaam",
        "nazwa tabeli",
        "tablo|tablo adı",
        "таблица|имя таблицы|название таблицы",
        "таблиця|назва таблиці",
        "tabulka|název tabulky",
        "表|表名|数据表|表名称|資料表",
        "テーブル|テーブル名",
        "테이블|테이블명|테이블 이름",
        "bảng|tên bảng",
        "tabel|nama tabel|jadual|nama jadual",
        "ตาราง|ชื่อตาราง",
    )
)
# A cell that names a row's columns (`Id, Name, ProductId (FK)`).
COLUMNS_HEADERS = set(
    _words(
        "columns|fields|attributes|key columns|main columns|key fields",
        "spalten|felder",
        "colonnes|champs",
        "columnas|campos",
        "colunas",
        "colonne|campi",
        "kolommen|velden",
        "kolumny|pola",
        "sütunlar|alanlar",
        "поля|столбцы|колонки",
        "стовпці",
        "sloupce",
        "字段|列|欄位|主要字段",
        "カラム|列|項目",
        "컬럼|필드",
        "cột|các cột",
        "kolom",
    )
)

_PARTS = re.compile(r"^(?P<out>[^(（]*)[(（](?P<in>[^)）]*)[)）]\s*(?P<tail>.*)$")


def header_candidates(cell: str) -> list[str]:
    """The readings of a header cell, surest first: the whole (`field (fk)`), then, for a glossed or bilingual
    header, the part outside the parentheses (`컬럼` of `컬럼 (Column)`), the part inside (`column`), and
    each side of a slash (`Column / 列名`)."""
    whole = normal_header(cell)
    out = [whole]
    m = _PARTS.match(whole)
    if m and not m.group("tail"):
        out += [m.group("out").strip(), m.group("in").strip()]
    if "/" in whole and whole not in ("pk/fk", "y/n"):
        out += [p.strip() for p in whole.split("/")]
    return [c for c in dict.fromkeys(out) if c]


def lookup(cell: str, words: Collection[str]) -> str | None:
    """The reading of `cell` that `words` knows, or None."""
    return next((c for c in header_candidates(cell) if c in words), None)

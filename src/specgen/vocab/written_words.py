"""The words people write for column types — SQL dialects, ORMs and programming languages — each with
how it maps onto specgen's vocabulary (`specgen.vocab.types`). Data only; `written.py` reads it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Word:
    """How a written type word maps: `kind` says what its arguments mean.

    - "len": `base(n)` is a length (`max`/`MAX` means unbounded: text); `sql` is the form without one
    - "num": `base(p, s)` precision and scale; `sql` is the form without them
    - "time": a timestamp; arguments are fractional-second precision (dropped), `timezone=True` makes it tz
    - "fixed": arguments carry no schema meaning (display widths such as int(11))
    """

    sql: str
    kind: str = "fixed"
    base: str = ""  # for "len"/"num": the vocabulary name the arguments attach to
    serial: bool = False


def _group(sql: str, names: str, kind: str = "fixed", base: str = "", serial: bool = False) -> dict[str, Word]:
    w = Word(sql, kind, base, serial)
    return {n.strip(): w for n in names.split(",") if n.strip()}


# Keys are lower case with single spaces. A dotted name (`time.Time`) is looked up whole, then by its last part.
WORDS: dict[str, Word] = {
    # character data
    **_group(
        "varchar", "string, str, varchar, character varying, nvarchar, varchar2, nvarchar2, charfield", "len", "varchar"
    ),
    **_group("varchar", "unicode, nstring, constr, stringfield, keyword, citext", "len", "varchar"),
    **_group("char(1)", "char, character, nchar, bpchar", "len", "char"),
    **_group("text", "text, tinytext, mediumtext, longtext, ntext, clob, nclob, textfield, unicodetext, long varchar"),
    **_group("text", "xml, markdown, richtext, rich text, html, longtext field, multiline"),
    **_group("varchar(255)", "email, e-mail, emailfield, emailstr, email address, emailaddress"),
    **_group("varchar(2048)", "url, uri, urlfield, httpurl, anyurl, link, href, web url, anyhttpurl"),
    **_group("varchar(32)", "phone, phone number, phonenumber, tel, telephone, mobile"),
    **_group("varchar(255)", "slug, slugfield, filefield, imagefield, filepathfield, password, hash"),
    **_group("char(26)", "ulid"),
    **_group("char(3)", "currency code, currencycode, iso currency"),
    # integers
    **_group("integer", "int, integer, int4, int32, mediumint, integerfield, positiveintegerfield, i32, uint16, u16"),
    **_group("integer", "conint, int unsigned, integer unsigned, mediumint unsigned, smallint unsigned, nativeint"),
    **_group("smallint", "smallint, int2, int16, short, tinyint, byte, sbyte, ubyte, uint8, u8, i16, i8, year"),
    **_group("smallint", "smallintegerfield, positivesmallintegerfield, tinyint unsigned, int8_t"),
    **_group("bigint", "bigint, int8, int64, long, biginteger, bigintegerfield, positivebigintegerfield, i64"),
    **_group("bigint", "u64, uint64, uint32, uint, ulong, u32, bigint unsigned, int64_t, long long, biguint"),
    **_group("bigint", "big integer, long integer"),
    **_group("smallint", "small integer, short integer, tiny integer"),
    **_group(
        "serial", "serial, serial4, autofield, identity, autoincrement, auto_increment, auto increment", serial=True
    ),
    **_group("serial", "auto-increment, autoincrementing, auto-incrementing, autoinc, increments", serial=True),
    **_group("bigserial", "bigserial, serial8, bigautofield, bigincrements", serial=True),
    **_group("smallserial", "smallserial, serial2, smallautofield", serial=True),
    # exact and approximate numbers
    **_group("numeric", "number, numeric, decimal, dec, bigdecimal, decimalfield, condecimal, fixed", "num", "numeric"),
    **_group("numeric(19,4)", "money, currency, smallmoney"),
    **_group("real", "real, float4, float32, f32, binary_float, single, smallfloat"),
    **_group("double", "float, float8, float64, f64, double, double precision, floatfield, binary_double, confloat"),
    # truth values
    **_group("boolean", "bool, boolean, booleanfield, bit, logical, yes/no, y/n, flag"),
    # dates and times
    **_group("date", "date, datefield, localdate, dateonly, date only"),
    **_group("timestamp", "datetime, timestamp, datetimefield, localdatetime, datetime2, smalldatetime", "time"),
    **_group("timestamp", "naivedatetime, date time, date-time, datetime without time zone, timestamp(0)", "time"),
    **_group("timestamp", "timestamp without time zone, time.time, datetime.datetime, unix timestamp", "time"),
    **_group("timestamptz", "timestamptz, timestamp with time zone, datetimeoffset, instant, zoneddatetime", "time"),
    **_group("timestamptz", "offsetdatetime, datetimetz, datetime with time zone, datetime with timezone", "time"),
    **_group("timestamptz", "timestamp with timezone, datetime<utc>, timestamp_tz, datetime_tz, awaredatetime", "time"),
    **_group("time", "time, timefield, localtime, timeonly, time only, time without time zone, timetz", "time"),
    **_group("time", "time with time zone", "time"),
    **_group("interval", "interval, duration, durationfield, timedelta, timespan, time.duration"),
    # identifiers
    **_group("uuid", "uuid, guid, uniqueidentifier, uuidfield, uuid4, uuidv4, uuid v4, uuid7, uuidv7, uuid.uuid"),
    # documents and binary
    **_group("json", "json, object, map, dict, dictionary, hash map, hashmap, record, jsonfield, json object"),
    **_group("json", "jobject, jsonvalue, jsonelement, jsonnode, mapping, any, unknown, json.rawmessage, jsontype"),
    **_group("json", "datatypes.json, json string, json text, array, list, json array, struct, hstore"),
    **_group("jsonb", "jsonb"),
    **_group("bytea", "binary, varbinary, blob, tinyblob, mediumblob, longblob, bytes, bytea, byte[], []byte"),
    **_group("bytea", "buffer, uint8array, image, binaryfield, largebinary, raw, long raw, bytestring, vec<u8>"),
    # network and search
    **_group("inet", "inet, ip, ip address, ipaddress, genericipaddressfield, ipaddressfield, ipv4, ipv6"),
    **_group("tsvector", "tsvector"),
}

# Words that mean "optional" / "required" where they stand beside a type.
NULLABLE_WORDS = frozenset({"nullable", "null", "optional", "opt", "nil", "none", "undefined", "maybe", "omitempty"})
REQUIRED_WORDS = frozenset({"not null", "non-null", "non null", "notnull", "required", "mandatory", "nonnull"})
PK_WORDS = frozenset({"pk", "primary key", "primary", "primarykey", "@id", "id pk", "key"})
UNIQUE_WORDS = frozenset({"unique", "uk", "uq", "unique key", "@unique", "uniq"})
AUTO_WORDS = frozenset(
    {"identity", "autoincrement", "auto_increment", "auto increment", "auto-increment", "serial", "auto", "autoinc"}
)
# Wrappers whose single argument is the type and which say the value may be missing.
NULLABLE_WRAPPERS = frozenset({"optional", "nullable", "maybe", "option", "opt"})
# Wrappers whose argument is the element of an array.
ARRAY_WRAPPERS = frozenset(
    {
        "array", "list", "set", "vec", "sequence", "seq", "iterable", "collection", "icollection", "ienumerable",
        "ilist", "hashset", "frozenset", "tuple", "readonlyarray", "arraylist", "linkedlist", "sortedset",
        "iset", "ireadonlylist", "ireadonlycollection", "mutablelist", "mutableset", "slice",
    }
)  # fmt: skip
# Wrappers that stand for a document (JSON) whatever their arguments.
MAP_WRAPPERS = frozenset(
    {"record", "map", "dict", "dictionary", "mapping", "hashmap", "idictionary", "mutablemap", "treemap", "object"}
)
# Wrappers that add nothing: the argument is the type.
PLAIN_WRAPPERS = frozenset(
    {"mapped", "column", "mapped_column", "field", "annotated", "readonly", "partial", "required", "final", "promise"}
)
# Wrappers that reference another model (Django, SQLAlchemy relationship helpers).
RELATION_WRAPPERS = frozenset({"foreignkey", "onetoonefield", "onetoone", "manytoone", "relation", "ref", "fk"})
MANY_WRAPPERS = frozenset({"manytomanyfield", "manytomany", "onetomany"})

"""Reading parsed R objects (rdata RObject trees): references, attributes, classes, names, pairlists."""
from rdata.parser import RObjectType

NIL_TYPES = (RObjectType.NIL, RObjectType.NILVALUE)


def deref(obj):
    """The object a reference (REFSXP) points at; other objects unchanged."""
    while obj is not None and obj.info.type == RObjectType.REF:
        obj = obj.referenced_object
    return obj


def is_nil(obj):
    obj = deref(obj)
    return obj is None or obj.info.type in NIL_TYPES


def symbol_name(obj):
    """The name of a symbol (SYMSXP)."""
    obj = deref(obj)
    if obj.info.type != RObjectType.SYM:
        raise TypeError(f"expected a symbol, got {obj.info.type.name}")
    char = deref(obj.value)
    return char.value.decode("utf-8", errors="replace") if isinstance(char.value, bytes) else str(char.value)


def pairlist(obj):
    """The (tag, value) pairs of a pairlist or language object; tag is None when untagged."""
    items = []
    obj = deref(obj)
    while obj is not None and obj.info.type in (RObjectType.LIST, RObjectType.LANG):
        tag = symbol_name(obj.tag) if obj.tag is not None and not is_nil(obj.tag) else None
        car, cdr = obj.value
        items.append((tag, deref(car)))
        obj = deref(cdr)
    return items


def attributes(obj):
    obj = deref(obj)
    return {} if obj.attributes is None or is_nil(obj.attributes) else dict(pairlist(obj.attributes))


def attribute(obj, name):
    return attributes(obj).get(name)


def strings(obj):
    """A character vector's values (str or None for NA)."""
    obj = deref(obj)
    if obj is None or obj.info.type in NIL_TYPES:
        return []
    if obj.info.type != RObjectType.STR:
        raise TypeError(f"expected a character vector, got {obj.info.type.name}")
    return list(obj.value)


def r_class(obj):
    cls = attribute(obj, "class")
    return strings(cls) if cls is not None else []


def names(obj):
    value = attribute(obj, "names")
    return strings(value) if value is not None else []


def elements(obj):
    """The elements of a generic vector (VECSXP) or expression, dereferenced."""
    obj = deref(obj)
    if obj.info.type not in (RObjectType.VEC, RObjectType.EXPR):
        raise TypeError(f"expected a list, got {obj.info.type.name}")
    return [deref(v) for v in obj.value]


def named_elements(obj):
    """A named list as a dict (names in order)."""
    return dict(zip(names(obj), elements(obj)))


def type_name(obj):
    """R's typeof() of an object, for messages."""
    obj = deref(obj)
    return {
        RObjectType.LGL: "logical",
        RObjectType.INT: "integer",
        RObjectType.REAL: "double",
        RObjectType.CPLX: "complex",
        RObjectType.STR: "character",
        RObjectType.VEC: "list",
        RObjectType.CLO: "closure",
        RObjectType.ENV: "environment",
        RObjectType.S4: "S4",
    }.get(obj.info.type, obj.info.type.name.lower())


_INFIX = {"~", "|", "+", "-", "*", "/", ":", "^", "%in%"}


def deparse(obj):
    """R source text of a language object (a formula such as `distance ~ age | Subject`), for
    symbols, calls, infix operators, numbers and strings; other objects raise TypeError."""
    obj = deref(obj)
    kind = obj.info.type
    if kind == RObjectType.SYM:
        return symbol_name(obj)
    if kind in (RObjectType.INT, RObjectType.REAL, RObjectType.LGL) and len(obj.value) == 1:
        value = obj.value[0]
        return repr(float(value)).removesuffix(".0") if kind == RObjectType.REAL else str(value)
    if kind == RObjectType.STR and len(obj.value) == 1:
        return '"' + str(obj.value[0]) + '"'
    if kind == RObjectType.LANG:
        (_, head), *args = pairlist(obj)
        function = deparse(head)
        if function == "(" and len(args) == 1:
            return f"({deparse(args[0][1])})"
        if function in _INFIX and len(args) == 2:
            return f"{deparse(args[0][1])} {function} {deparse(args[1][1])}"
        if function in _INFIX and len(args) == 1:
            return f"{function}{deparse(args[0][1])}"
        inner = ", ".join(f"{tag} = {deparse(value)}" if tag else deparse(value) for tag, value in args)
        return f"{function}({inner})"
    raise TypeError(f"cannot deparse an R {type_name(obj)}")

"""```typescript / ```ts / ```javascript / ```js blocks: which reader reads them.

Drizzle tables (`pgTable('users', …)`, parse/drizzle.py) first, then TypeORM or MikroORM entity classes
(`@Entity(…) class User`, parse/typeorm.py), else the `Name { field: Type // Primary Key }` sketches of the
pseudo-code reader (parse/pseudo.py), which leaves any other code alone.
"""

from __future__ import annotations

from specgen.parse.ir import Fragment, ReadContext
from specgen.parse.markdown import Fence
from specgen.parse.options import ParseOptions


def read_script_fence(fence: Fence, context: ReadContext, options: ParseOptions) -> Fragment:
    """A script block, read by the reader of what it holds."""
    from specgen.parse.drizzle import looks_like_drizzle

    if looks_like_drizzle(fence.text):
        from specgen.parse.drizzle import read_drizzle_fence

        return read_drizzle_fence(fence, context, options)
    from specgen.parse.typeorm import looks_like_typeorm

    if looks_like_typeorm(fence.text):
        from specgen.parse.typeorm import read_typeorm_fence

        return read_typeorm_fence(fence, context, options)
    from specgen.parse.pseudo import read_pseudo_fence

    return read_pseudo_fence(fence, context, options)

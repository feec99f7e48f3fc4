"""Generated case families: each is a plain generator over one service's model."""

from awscompat.families.auth import auth as _auth
from awscompat.families.envelope import envelope as _envelope
from awscompat.families.invalid import constraint as _constraint
from awscompat.families.invalid import required as _required
from awscompat.families.invalid import type_family as _type
from awscompat.families.notfound import not_found as _not_found
from awscompat.families.paginate import paginate as _paginate
from awscompat.families.recognised import recognised as _recognised
from awscompat.families.shape import shape as _shape
from awscompat.families.smithy import smithy as _smithy
from awscompat.families.smoke import smoke as _smoke

GENERATORS = {
    "recognised": _recognised,
    "required": _required,
    "constraint": _constraint,
    "type": _type,
    "not-found": _not_found,
    "auth": _auth,
    "envelope": _envelope,
    "shape": _shape,
    "paginate": _paginate,
    "smoke": _smoke,
    "smithy": _smithy,
}

__all__ = ["GENERATORS"]

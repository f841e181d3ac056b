"""The store's reads for research: one row per signature, who signed with whom, the co-signature network."""
from __future__ import annotations

from collections.abc import Iterator

from ._database import Database
from .records import CoSigner, NetworkEdge, NetworkNode, SignatureRow


class ResearchReads(Database):
    """Signatures as a table and as a network of organisations."""

    def signature_rows(self) -> Iterator[SignatureRow]:
        """One row per signature, by statement date (undated last), statement and position."""
        sql = ("SELECT d.sha256 AS statement_id, d.date, d.title, (SELECT MIN(path) FROM files f "
               "WHERE f.sha256 = d.sha256) AS file, s.organisation AS organisation_id, o.name AS organisation, "
               "s.name, s.acronym, s.country, s.country_code, s.category FROM signatures s "
               "JOIN documents d ON d.sha256 = s.document JOIN organisations o ON o.id = s.organisation "
               "ORDER BY d.date IS NULL, d.date, d.sha256, s.position")
        for row in self.rows(sql):
            yield SignatureRow(**row)

    def cosigners(self, organisation_id: int) -> list[CoSigner]:
        """The organisations that signed a statement with this one, most shared statements first."""
        rows = self.rows(
            "SELECT o.id, o.name, o.acronym, o.country_code, group_concat(DISTINCT other.document) AS statements "
            "FROM signatures mine JOIN signatures other ON other.document = mine.document "
            "AND other.organisation != mine.organisation JOIN organisations o ON o.id = other.organisation "
            "WHERE mine.organisation = ? GROUP BY o.id", [organisation_id])
        found = [CoSigner(**(r | {"statements": tuple(sorted(r["statements"].split(",")))})) for r in rows]
        return sorted(found, key=lambda c: (-len(c.statements), c.name, c.id))

    def network_nodes(self) -> list[NetworkNode]:
        return [NetworkNode(**r) for r in self.rows(
            "SELECT id, name, acronym, country_code, statements FROM organisations_with_statements ORDER BY id")]

    def network_edges(self) -> list[NetworkEdge]:
        """Each pair of organisations that signed together, with the number of statements they share."""
        return [NetworkEdge(**r) for r in self.rows(
            "SELECT a.organisation AS source, b.organisation AS target, COUNT(DISTINCT a.document) AS statements "
            "FROM signatures a JOIN signatures b ON b.document = a.document AND b.organisation > a.organisation "
            "GROUP BY a.organisation, b.organisation ORDER BY a.organisation, b.organisation")]

public import FanoutInput
import GRDB

extension RunStore {
    /// Every stored run without its details, by architecture, mode, users and id.
    public func runs() throws(InputError) -> [StoredRun] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT \(StoredRun.columns) FROM runs ORDER BY architecture, mode, users, id"
            ).map(StoredRun.init(row:))
        }
    }

    /// Every stored run with its line items, limits and metrics, in ``runs()`` order.
    public func runsWithDetails() throws(InputError) -> [StoredRun] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT \(StoredRun.columns) FROM runs ORDER BY architecture, mode, users, id"
            ).map { row in
                var run = StoredRun(row: row)
                try run.loadDetails(db)
                return run
            }
        }
    }

    /// The run with `id` and its details, or nil.
    public func run(id: Int64) throws(InputError) -> StoredRun? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT \(StoredRun.columns) FROM runs WHERE id = ?",
                    arguments: [id]
                )
            else { return nil }
            var run = StoredRun(row: row)
            try run.loadDetails(db)
            return run
        }
    }
}

CREATE INDEX "blockers_reporting_unit" ON "blockers" USING btree ("reporting_unit_id");--> statement-breakpoint
CREATE INDEX "blockers_open_deadline" ON "blockers" USING btree ("deadline","id") WHERE "blockers"."status" not in ('resolved', 'dropped');--> statement-breakpoint
CREATE INDEX "blockers_created_at" ON "blockers" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "blockers_resolved_at" ON "blockers" USING btree ("resolved_at");
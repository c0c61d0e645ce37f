CREATE TABLE "inbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"owner" integer NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"applied_attempt" integer,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_platform_key" ON "inbox" USING btree ("platform","key");--> statement-breakpoint
CREATE INDEX "inbox_open" ON "inbox" USING btree ("platform","owner") WHERE "inbox"."done_at" is null;
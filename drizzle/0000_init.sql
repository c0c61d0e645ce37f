CREATE TABLE "blockers" (
	"id" integer PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"detail" text,
	"category" text NOT NULL,
	"source" text NOT NULL,
	"reporting_unit_id" integer,
	"owner_unit_id" integer,
	"owner_person_id" integer,
	"deadline" timestamp with time zone,
	"original_deadline" timestamp with time zone,
	"slip_count" integer DEFAULT 0 NOT NULL,
	"slip_days" integer DEFAULT 0 NOT NULL,
	"priority" text NOT NULL,
	"status" text NOT NULL,
	"escalated" boolean DEFAULT false NOT NULL,
	"caller_name" text,
	"caller_phone" text,
	"source_link" text,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "chats" (
	"platform" text NOT NULL,
	"chat_id" text NOT NULL,
	"lang" text,
	"title" text,
	CONSTRAINT "chats_platform_chat_id_pk" PRIMARY KEY("platform","chat_id")
);
--> statement-breakpoint
CREATE TABLE "counters" (
	"name" text PRIMARY KEY NOT NULL,
	"value" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "extensions" (
	"id" integer PRIMARY KEY NOT NULL,
	"target_type" text NOT NULL,
	"target_id" integer NOT NULL,
	"old_date" timestamp with time zone,
	"new_date" timestamp with time zone NOT NULL,
	"reason" text,
	"requester_id" integer NOT NULL,
	"status" text NOT NULL,
	"decider_id" integer,
	"decision_note" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "history" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"actor_id" integer,
	"actor_name" text NOT NULL,
	"platform" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"changes" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "history_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "link_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"slack_id" text,
	"telegram_id" text,
	"telegram_username" text,
	"console_user" text,
	"role" text DEFAULT 'member' NOT NULL,
	"unit_id" integer,
	"tz" text,
	"lang" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "persons_slack_id_unique" UNIQUE("slack_id"),
	CONSTRAINT "persons_telegram_id_unique" UNIQUE("telegram_id"),
	CONSTRAINT "persons_console_user_unique" UNIQUE("console_user")
);
--> statement-breakpoint
CREATE TABLE "processed_updates" (
	"platform" text NOT NULL,
	"key" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "processed_updates_platform_key_pk" PRIMARY KEY("platform","key")
);
--> statement-breakpoint
CREATE TABLE "roadmap_items" (
	"id" integer PRIMARY KEY NOT NULL,
	"unit_id" integer NOT NULL,
	"title" text NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"due" timestamp with time zone NOT NULL,
	"original_due" timestamp with time zone NOT NULL,
	"owner_person_id" integer,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roadmap_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"percent" integer NOT NULL,
	"note" text,
	"reporter_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sent_ledger" (
	"key" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"chat_id" text NOT NULL,
	"feed" text NOT NULL,
	"block" text,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_vi" text,
	"block" text NOT NULL,
	"kind" text NOT NULL,
	"lead_id" integer,
	"on_alert" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "units_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE INDEX "blockers_status" ON "blockers" USING btree ("status");--> statement-breakpoint
CREATE INDEX "blockers_owner_unit" ON "blockers" USING btree ("owner_unit_id");--> statement-breakpoint
CREATE INDEX "history_entity" ON "history" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "persons_tg_username" ON "persons" USING btree ("telegram_username");--> statement-breakpoint
CREATE INDEX "roadmap_reports_item" ON "roadmap_reports" USING btree ("item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subscriptions_chat_feed" ON "subscriptions" USING btree ("platform","chat_id","feed");
CREATE TABLE "calendar_days" (
	"day" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "zalo_id" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "notify_platform" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "last_platform" text;--> statement-breakpoint
ALTER TABLE "persons" ADD COLUMN "digest" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_zalo_id_unique" UNIQUE("zalo_id");
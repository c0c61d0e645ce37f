ALTER TABLE "blockers" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "blockers" ADD COLUMN "void_reason" text;
-- AlterTable
ALTER TABLE "users" ADD COLUMN     "totp_last_time_step" INTEGER;

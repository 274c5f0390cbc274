import { Brand } from "@/app/_components/Brand";
import { JoinForm } from "@/app/_components/JoinForm";

/** A code that leads nowhere: what is wrong with it, and the form to type it again. */
export function Refused({ title, code, message }: { title: string; code: string; message: string }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col gap-6 px-5 py-10">
      <Brand href="/join" />
      <h1 className="text-3xl font-semibold tracking-tight">{title}</h1>
      <JoinForm initialCode={code} initialError={message} />
    </main>
  );
}

export declare const IMAP_USER: string;
export declare const IMAP_MESSAGES: number;
export declare const POP3_CLIENTS: number;
export declare const POP3_MESSAGES: number;
export declare const IDLE_USER: string;
export declare const PASSWORD: string;
export declare function pop3User(i: number): string;
export declare function accounts(): { user: string; messages: number }[];
export declare function message(i: number): Buffer;

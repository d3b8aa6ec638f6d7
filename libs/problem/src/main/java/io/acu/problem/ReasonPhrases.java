package io.acu.problem;

/**
 * The reason phrases of RFC 9110 section 15 for the 4xx and 5xx statuses (and the few registered elsewhere that acu
 * sends), the {@code title} of a problem.
 */
final class ReasonPhrases {

    private ReasonPhrases() {
    }

    /** @return the phrase, e.g. 422 {@code Unprocessable Content}; {@code Client Error}/{@code Server Error} for others */
    static String of(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 407 -> "Proxy Authentication Required";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Content";
            case 426 -> "Upgrade Required";
            case 428 -> "Precondition Required"; // RFC 6585
            case 429 -> "Too Many Requests"; // RFC 6585
            case 431 -> "Request Header Fields Too Large"; // RFC 6585
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            case 507 -> "Insufficient Storage"; // RFC 4918 §11.5
            default -> status < 500 ? "Client Error" : "Server Error";
        };
    }
}

// QR codes as inline SVG, made on the server: they print sharp at any size and cost no script.
import QRCode from 'qrcode';

export function qrSvg(url: string): Promise<string> {
	return QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
}
